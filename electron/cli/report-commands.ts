import path from 'node:path';
import {
  CliError,
  integerOption,
  invoke,
  requireOption,
  requireOut,
  writeOutFile,
  type Command,
} from './cli-kit';

/** 月通报与评价: monthly-report, screening-sheet, evaluation. */
export const reportCommands: Record<string, Command> = {
  'monthly-report': {
    summary: '生成防返贫动态监测月通报（.xlsx 或 .pdf，按文件扩展名）',
    usage: 'monthly-report --month 2026-04 --out 月通报.pdf|月通报.xlsx [--grid 网格编号]',
    options: { month: { type: 'string' }, out: { type: 'string' }, grid: { type: 'string' } },
    async run(runtime, args, io) {
      const month = requireOption(args.values.month, '请用 --month 给出月份，如 --month 2026-04');
      const out = requireOut(args);
      const format = path.extname(out).slice(1).toLowerCase();
      if (format !== 'xlsx' && format !== 'pdf') {
        throw new CliError('--out 的文件扩展名应为 .xlsx 或 .pdf');
      }
      const input = { month, gridId: integerOption(args, 'grid') };
      // The figures first (printed as a summary), then the file through the same method the
      // app uses, so the CLI and the app write identical files.
      const report = await invoke(runtime, 'reports.monthly', input);
      writeOutFile(out, await invoke(runtime, 'reports.monthlyExport', { ...input, format }));
      io.out(report.title);
      io.out(
        `农户 ${report.households.covered} 户 ${report.households.members} 人；监测对象 ${report.monitored.total} 户（已消除 ${report.monitored.eliminated}）`,
      );
      io.out(
        `问题：本月登记 ${report.problems.registered}，办结 ${report.problems.resolved}，月末未办结 ${report.problems.open}（逾期 ${report.problems.overdue}）；年度办结率 ${report.problems.yearRate.text}`,
      );
      io.out(
        `帮扶措施：计划 ${report.measures.planned}，完成 ${report.measures.done}（${report.measures.rate.text}）；走访：应走访 ${report.visits.due}，已走访 ${report.visits.done}，逾期 ${report.visits.overdue}`,
      );
      io.out(`已生成：${out}`);
    },
  },
  'screening-sheet': {
    summary: '生成村组网格长月度排查表（.xlsx，A4 横向）',
    usage: 'screening-sheet --grid 村民小组网格编号 --month 2026-04 --out 排查表.xlsx',
    options: { grid: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' } },
    async run(runtime, args, io) {
      const month = requireOption(args.values.month, '请用 --month 给出月份，如 --month 2026-04');
      const gridId = integerOption(args, 'grid');
      if (gridId === undefined) throw new CliError('请用 --grid 给出村民小组网格的编号');
      const out = requireOut(args);
      writeOutFile(out, await invoke(runtime, 'reports.screeningSheet', { gridId, month }));
      io.out(`已生成：${out}`);
    },
  },
  evaluation: {
    summary: '生成网格员实绩评价表（.xlsx）',
    usage: 'evaluation --period 2026|2026-H1|2026-Q2|2026-04 --out 评价表.xlsx [--grid 网格编号]',
    options: { period: { type: 'string' }, out: { type: 'string' }, grid: { type: 'string' } },
    async run(runtime, args, io) {
      const period = requireOption(
        args.values.period,
        '请用 --period 给出评价期间，如 2026、2026-H1、2026-Q2 或 2026-04',
      );
      const out = requireOut(args);
      if (path.extname(out).toLowerCase() !== '.xlsx') {
        throw new CliError('--out 的文件扩展名应为 .xlsx');
      }
      const input = { period, gridId: integerOption(args, 'grid') };
      const list = await invoke(runtime, 'evaluations.list', input);
      writeOutFile(out, await invoke(runtime, 'evaluations.export', input));
      for (const row of list.rows) {
        io.out(
          `${row.workerName}  ${row.roles}  总分 ${row.totalScore ?? '—'}  ${row.grade ?? '未评'}`,
        );
      }
      io.out(`共 ${list.rows.length} 人；已生成：${out}`);
    },
  },
};
