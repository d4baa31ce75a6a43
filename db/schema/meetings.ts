import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';
import { grids } from './grids';
import { problems } from './problems';

/** 月度会商 minutes (一月一会商、一月一研判): date, attendees, decisions, linked problems. */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    gridId: integer('grid_id')
      .notNull()
      .references(() => grids.id, { onDelete: 'restrict' }),
    date: text('date').notNull(),
    place: text('place').notNull().default(''),
    host: text('host').notNull().default(''),
    attendees: text('attendees').notNull().default(''),
    topics: text('topics').notNull().default(''),
    decisions: text('decisions').notNull().default(''),
    recorder: text('recorder').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('meetings_date_idx').on(t.date)],
);

export const meetingProblems = sqliteTable(
  'meeting_problems',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.problemId] })],
);
