import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { problemSteps } from './problem-steps';
import { problems } from './problems';

/**
 * A scan or photo kept with a problem (and optionally one of its steps). The file is copied
 * into <data>/attachments under a name the service chooses; its SHA-256 proves it unchanged.
 */
export const problemAttachments = sqliteTable(
  'problem_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    stepId: integer('step_id').references(() => problemSteps.id, { onDelete: 'set null' }),
    /** The name the clerk's file had, shown in lists. */
    originalName: text('original_name').notNull(),
    /** Relative to the data folder (attachments/…). */
    storedFile: text('stored_file').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('problem_attachments_problem_idx').on(t.problemId)],
);
