import type { VisitDueStatus } from '../api/visits-types';
import { VISIT_DUE_STATUSES } from '../api/visits-types';
import { CliError, integerOption, invoke, requireOption, string, type Command } from './cli-kit';

const isStatus = (value: string): value is VisitDueStatus =>
  (VISIT_DUE_STATUSES as readonly string[]).includes(value);

/** 走访: visits-due. */
export const visitCommands: Record<string, Command> = {
  'visits-due': {
    summary: '本月应走访名单：已走访、待走访、逾期（按走访规则）',
    usage:
      'visits-due --month 2024-05 [--grid 网格编号] [--worker 网格员编号] [--status 逾期|待走访|已走访]',
    options: {
      month: { type: 'string' },
      grid: { type: 'string' },
      worker: { type: 'string' },
      status: { type: 'string' },
    },
    async run(runtime, args, io) {
      const month = requireOption(args.values.month, '请用 --month 给出月份，如 --month 2024-05');
      const status = string(args.values.status);
      if (status !== undefined && !isStatus(status)) {
        throw new CliError(`--status 只能是 ${VISIT_DUE_STATUSES.join('、')}，收到「${status}」`);
      }
      const result = await invoke(runtime, 'visits.due', {
        month,
        gridId: integerOption(args, 'grid'),
        workerId: integerOption(args, 'worker'),
      });
      const s = result.summary;
      io.out(
        `${result.month} 应走访 ${s.due} 户：已走访 ${s.done}，待走访 ${s.pending}，逾期 ${s.overdue}（以 ${result.today} 为准）`,
      );
      const rows = status ? result.rows.filter((row) => row.status === status) : result.rows;
      if (status) io.out(`其中「${status}」${rows.length} 户：`);
      for (const row of rows) {
        const last = row.lastVisit
          ? `${row.lastVisit.date} ${row.lastVisit.way} ${row.lastVisit.workerName}`
          : '无';
        io.out(
          `${row.headName}  ${row.gridName}  ${row.kind}（${row.periodStart} 至 ${row.periodEnd}）  ${row.status}  最近走访：${last}`,
        );
      }
    },
  },
};
