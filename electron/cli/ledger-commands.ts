import {
  contractInput,
  integerOption,
  invoke,
  requireOut,
  string,
  writeOutFile,
  type Command,
} from './cli-kit';

/** 问题登记台账: export-ledger. */
export const ledgerCommands: Record<string, Command> = {
  'export-ledger': {
    summary: '导出问题登记台账（.xlsx，纸质台账的列，A4 横向），可按条件筛选',
    usage:
      'export-ledger --out 文件.xlsx [--grid 网格编号] [--worker 网格员编号] [--status 未解决|处理中|已解决] [--category 类别] [--source 来源] [--from 2026-01-01] [--to 2026-12-31] [--overdue]',
    options: {
      out: { type: 'string' },
      grid: { type: 'string' },
      worker: { type: 'string' },
      status: { type: 'string' },
      category: { type: 'string' },
      source: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      overdue: { type: 'boolean' },
    },
    async run(runtime, args, io) {
      const out = requireOut(args);
      // The filters go through problems.export's own schema (dispatch), so a wrong status
      // or date gets the same Chinese message as in the app.
      const file = await invoke(
        runtime,
        'problems.export',
        contractInput('problems.export', {
          gridId: integerOption(args, 'grid'),
          workerId: integerOption(args, 'worker'),
          status: string(args.values.status),
          category: string(args.values.category),
          source: string(args.values.source),
          from: string(args.values.from),
          to: string(args.values.to),
          overdue: args.values.overdue === true ? true : undefined,
        }),
      );
      writeOutFile(out, file);
      io.out(`已导出 ${file.rows} 条问题：${out}`);
    },
  },
};
