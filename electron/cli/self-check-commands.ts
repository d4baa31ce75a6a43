import path from 'node:path';
import {
  CliError,
  integerOption,
  invoke,
  requireOut,
  string,
  writeOutFile,
  type Command,
} from './cli-kit';

/** 迎检自查 (docs/domain.md §9): self-check. */
export const selfCheckCommands: Record<string, Command> = {
  'self-check': {
    summary: '生成迎检自查报告（.xlsx 或 .pdf，按文件扩展名）',
    usage:
      'self-check --out 自查.xlsx|自查.pdf [--grid 网格编号] [--from 2026-01-01] [--to 2026-04-30]',
    options: {
      out: { type: 'string' },
      grid: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    async run(runtime, args, io) {
      const out = requireOut(args);
      const format = path.extname(out).slice(1).toLowerCase();
      if (format !== 'xlsx' && format !== 'pdf') {
        throw new CliError('--out 的文件扩展名应为 .xlsx 或 .pdf');
      }
      const input = {
        gridId: integerOption(args, 'grid'),
        from: string(args.values.from),
        to: string(args.values.to),
      };
      // The counts first (printed as a summary), then the file through the method the app uses.
      const report = await invoke(runtime, 'selfCheck.run', input);
      writeOutFile(out, await invoke(runtime, 'selfCheck.export', { ...input, format }));
      io.out(
        `迎检自查：${report.scopeName}，${report.from} 至 ${report.to}，共 ${report.total} 条`,
      );
      for (const group of report.groups) {
        const found = group.items.filter((i) => i.count > 0);
        io.out(
          `${group.group}：${group.count === 0 ? '未发现问题' : found.map((i) => `${i.title} ${i.count}`).join('；')}`,
        );
      }
      io.out(`已生成：${out}`);
    },
  },
};
