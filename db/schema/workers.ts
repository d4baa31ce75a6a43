import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt } from './columns';

/** 网格员: a person who can hold roles in several grids over time. */
export const workers = sqliteTable(
  'workers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    sex: text('sex', { enum: ['男', '女'] }).notNull(),
    phone: text('phone').notNull().default(''),
    /** 工作单位, e.g. 杨柳村村民委员会, 县农业农村局. */
    unit: text('unit').notNull().default(''),
    /** 职务/身份, e.g. 村支书, 驻村工作队员, 村民小组长. */
    post: text('post').notNull().default(''),
    birthYear: integer('birth_year'),
    /** Relative to the data folder (photos/…); the file is kept there, never a foreign path. */
    photoFile: text('photo_file'),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('workers_name_idx').on(t.name)],
);

export type WorkerRow = typeof workers.$inferSelect;
