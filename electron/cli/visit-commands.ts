import {
  VISIT_DUE_FILTERS,
  VISIT_DUE_PAGE_MAX,
  type VisitDueFilter,
  type VisitDueRow,
} from '../api/visits-types';
import { CliError, integerOption, invoke, requireOption, string, type Command } from './cli-kit';

const isFilter = (value: string): value is VisitDueFilter =>
  (VISIT_DUE_FILTERS as readonly string[]).includes(value);

/** 走访: visits-due. */
export const visitCommands: Record<string, Command> = {
  'visits-due': {
    summary: '本月应走访名单：已走访、待走访、逾期（按走访规则）',
    usage:
      'visits-due --month 2024-05 [--grid 网格编号] [--worker 网格员编号] [--status 未走访|逾期|待走访|已走访] [--name 姓名]',
    options: {
      month: { type: 'string' },
      grid: { type: 'string' },
      worker: { type: 'string' },
      status: { type: 'string' },
      name: { type: 'string' },
    },
    async run(runtime, args, io) {
      const month = requireOption(args.values.month, '请用 --month 给出月份，如 --month 2024-05');
      const status = string(args.values.status);
      if (status !== undefined && !isFilter(status)) {
        throw new CliError(`--status 只能是 ${VISIT_DUE_FILTERS.join('、')}，收到「${status}」`);
      }
      const name = string(args.values.name);
      // The list page by page, as the app reads it (逾期 first, then 待走访, then 已走访).
      const query = {
        month,
        gridId: integerOption(args, 'grid'),
        workerId: integerOption(args, 'worker'),
        ...(status ? { status } : {}),
        ...(name ? { name } : {}),
      };
      let page = await invoke(runtime, 'visits.due', { ...query, limit: VISIT_DUE_PAGE_MAX });
      const s = page.summary;
      io.out(
        `${page.month} 应走访 ${s.due} 户：已走访 ${s.done}，待走访 ${s.pending}，逾期 ${s.overdue}（以 ${page.today} 为准）`,
      );
      if (status || name)
        io.out(
          `其中${status ? `「${status}」` : ''}${name ? `姓名含「${name}」` : ''}${page.total} 户：`,
        );
      const print = (row: VisitDueRow) => {
        const last = row.lastVisit
          ? `${row.lastVisit.date} ${row.lastVisit.way} ${row.lastVisit.workerName}`
          : '无';
        io.out(
          `${row.headName}  ${row.gridName}  ${row.kind}（${row.periodStart} 至 ${row.periodEnd}）  ${row.status}  最近走访：${last}`,
        );
      };
      page.rows.forEach(print);
      for (let offset = page.rows.length; offset < page.total; offset += page.rows.length) {
        page = await invoke(runtime, 'visits.due', { ...query, offset, limit: VISIT_DUE_PAGE_MAX });
        if (page.rows.length === 0) break; // the list shrank meanwhile: nothing more to print
        page.rows.forEach(print);
      }
    },
  },
};
