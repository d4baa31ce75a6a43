import { HISTORY_SUBJECTS } from '../api/audit-types';
import { contractInput, integerOption, invoke, string, type Command } from './cli-kit';
import { localDateTime } from './outside-contract';

/** 修改记录 on the command line: the same history as the app's drawer, filters included. */
export const auditCommands: Record<string, Command> = {
  history: {
    summary: '查看修改记录（谁、何时、改了什么），可按记录、操作员、日期筛选',
    usage: `history [--entity ${HISTORY_SUBJECTS.join('|')} --id 编号] [--operator 姓名] [--from 2026-01-01] [--to 2026-12-31] [--limit 50]`,
    options: {
      entity: { type: 'string' },
      id: { type: 'string' },
      operator: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
    },
    async run(runtime, args, io) {
      // The filters go through audit.history's own schema, so a wrong one gets the app's words.
      const page = await invoke(
        runtime,
        'audit.history',
        contractInput('audit.history', {
          entity: string(args.values.entity),
          entityId: integerOption(args, 'id'),
          operator: string(args.values.operator),
          from: string(args.values.from),
          to: string(args.values.to),
          limit: integerOption(args, 'limit', 50),
        }),
      );
      io.out(
        `共 ${page.total} 条修改记录${page.total > page.entries.length ? `，显示最新 ${page.entries.length} 条` : ''}`,
      );
      for (const entry of page.entries) {
        io.out(
          `${localDateTime(entry.at)}  ${entry.operator}  ${entry.actionLabel}  ${entry.subject}`,
        );
        for (const change of entry.changes) {
          io.out(`    ${change.label}：${change.before} → ${change.after}`);
        }
      }
    },
  },
};
