import fs from 'node:fs';
import { REPORT_PACKAGE_PRIVACY as PACKAGE_PRIVACY_NOTE } from '../api/report-package-contract';
import {
  CliError,
  integerOption,
  invoke,
  passwordFromFile,
  requireOut,
  string,
  type Command,
} from './cli-kit';

/** The village 上报包 (docs/domain.md §11): report-package. */
export const reportPackageCommands: Record<string, Command> = {
  'report-package': {
    summary: '生成本村某月的上报包（.zip；用 --password-file 加密为 .vlrp）',
    usage:
      'report-package --period 2026-04 --out 上报包.zip [--grid 村的网格编号] [--password-file 密码文件]',
    options: {
      period: { type: 'string' },
      out: { type: 'string' },
      grid: { type: 'string' },
      'password-file': { type: 'string' },
    },
    async run(runtime, args, io) {
      const out = requireOut(args);
      const period = string(args.values.period);
      if (!period) throw new CliError('请用 --period 给出上报的月份，例如 --period 2026-04');
      const password = passwordFromFile(string(args.values['password-file']));
      const file = await invoke(runtime, 'report.package', {
        period,
        villageGridId: integerOption(args, 'grid'),
        ...(password === undefined ? {} : { password }),
      });
      // Written under a temporary name and renamed when complete (docs/domain.md §11).
      const partial = `${out}.partial`;
      try {
        const handle = fs.openSync(partial, 'w');
        try {
          fs.writeSync(handle, file.data);
          fs.fsyncSync(handle);
        } finally {
          fs.closeSync(handle);
        }
        fs.renameSync(partial, out);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw new CliError(`无法写入 ${out}：${(error as Error).message}`);
      }
      io.out(`上报包：${file.village}，${file.period}${file.encrypted ? '（已加密）' : ''}`);
      io.out(file.counts.map((c) => `${c.label} ${c.count}`).join('；'));
      io.out(file.privacy || PACKAGE_PRIVACY_NOTE);
      io.out(`已生成：${out}`);
    },
  },
};
