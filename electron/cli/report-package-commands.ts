import fs from 'node:fs';
import { REPORT_PACKAGE_PRIVACY as PACKAGE_PRIVACY_NOTE } from '../api/report-package-contract';
import { CliError, integerOption, invoke, requireOut, string, type Command } from './cli-kit';

/** A password file is one short line; anything bigger is not one. */
const MAX_PASSWORD_FILE = 1024;

/**
 * The password from --password-file (its first line), never from the command line: there it
 * would show in the process list and the shell history.
 */
function readPasswordFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let data: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new CliError(`--password-file 不是文件：${file}`);
    if (stat.size > MAX_PASSWORD_FILE) {
      throw new CliError('--password-file 太大：密码文件应只有一行密码');
    }
    data = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`无法读取密码文件 ${file}`);
  }
  const password = data.toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new CliError('密码文件的第一行是空的');
  return password;
}

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
      const password = readPasswordFile(string(args.values['password-file']));
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
