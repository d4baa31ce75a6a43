import path from 'node:path';
import type { VerifyResult } from '../api/archive-types';
import {
  CliError,
  integerOption,
  invoke,
  requireOption,
  type CliIo,
  type Command,
} from './cli-kit';
import { exportArchivePackage } from './outside-contract';

/** The verification as lines: counts, 账账相符, then every problem. */
function printCheck(result: VerifyResult, io: CliIo): void {
  io.out(
    `已校验 ${result.checked} 个文件：缺少 ${result.missing.length} 个，改动 ${result.changed.length} 个，多出 ${result.extra.length} 个`,
  );
  const c = result.catalogue;
  io.out(
    `账账相符：归档文件目录 ${c.items} 件，文件目录.XML ${c.xmlItems} 件，电子档案 ${c.manifestFiles} 个 —— ${c.agree ? '相符' : '不符'}`,
  );
  for (const name of result.missing) io.out(`  缺少：${name}`);
  for (const name of result.changed) io.out(`  改动：${name}`);
  for (const name of result.extra) io.out(`  多出：${name}`);
  // The file lists are above; the remaining problems (manifest lines, catalogue) in full.
  for (const problem of result.problems) {
    if (!/^(缺少 \d+ 个文件|\d+ 个文件与校验值不符|多出 \d+ 个)/.test(problem))
      io.out(`  ${problem}`);
  }
}

function onePath(args: { positionals: string[] }, usage: string): string {
  if (args.positionals.length !== 1) throw new CliError(`请给出一个档案包文件夹或 .zip：${usage}`);
  return path.resolve(args.positionals[0]!);
}

/** 档案: archive-export, archive-verify, archive-import. */
export const archiveCommands: Record<string, Command> = {
  'archive-export': {
    summary:
      '导出一个年度的档案包（文件夹，可另打 .zip；含目录、归档章、盒脊、备考表和 SHA-256 清单）',
    usage: 'archive-export --year 2026 --out 导出文件夹 [--zip] [--per-box 50]',
    options: {
      year: { type: 'string' },
      out: { type: 'string' },
      zip: { type: 'boolean' },
      'per-box': { type: 'string' },
    },
    async run(runtime, args, io) {
      const year = integerOption(args, 'year');
      if (year === undefined) throw new CliError('请用 --year 给出年度，如 --year 2026');
      const out = path.resolve(requireOption(args.values.out, '请用 --out 给出导出到的文件夹'));
      const perBox = integerOption(args, 'per-box');
      let shown = -1;
      const result = await exportArchivePackage(runtime, {
        year,
        folder: out,
        zip: args.values.zip === true,
        perBox,
        // Progress on stderr every tenth, so stdout carries only the result.
        onProgress(done, total) {
          const tenth = Math.floor((done * 10) / total);
          if (tenth !== shown) {
            shown = tenth;
            io.err(`导出中：${done}/${total}`);
          }
        },
      });
      io.out(`档案包：${result.folder}`);
      if (result.zipFile) io.out(`压缩包：${result.zipFile}`);
      io.out(
        `${year} 年度 ${result.items} 件，共 ${result.files} 个文件（另有 SHA256SUMS.txt），${(result.bytes / 1024 / 1024).toFixed(1)} MB，用时 ${(result.millis / 1000).toFixed(1)} 秒`,
      );
    },
  },
  'archive-verify': {
    summary:
      '校验档案包（文件夹或 .zip）：逐个文件核对 SHA-256，列出缺少、改动、多出的文件，核对账账相符',
    usage: 'archive-verify 档案包文件夹或.zip',
    async run(runtime, args, io) {
      const target = onePath(args, this.usage);
      const result = await invoke(runtime, 'archive.verify', { path: target });
      io.out(`档案包：${target}`);
      printCheck(result, io);
      if (!result.ok) throw new CliError(`校验未通过：发现 ${result.problems.length} 处问题`);
      io.out('校验通过：文件齐全、未被改动，账账相符');
    },
  },
  'archive-import': {
    summary:
      '导入其他村的档案包（只读保存，可并列查看；校验未通过的也导入并标明）；--remove 编号 删除导入的档案包',
    usage: 'archive-import 档案包文件夹或.zip | archive-import --remove 编号',
    options: { remove: { type: 'string' } },
    async run(runtime, args, io) {
      const remove = integerOption(args, 'remove');
      if (remove !== undefined) {
        if (args.positionals.length > 0)
          throw new CliError(`--remove 不能和档案包一起给出：${this.usage}`);
        const detail = await invoke(runtime, 'archive.importDetail', { id: remove });
        await invoke(runtime, 'archive.removeImport', { id: remove });
        io.out(
          `已删除导入的档案包（编号 ${remove}）：${detail.label}，${detail.itemCount} 件，连同 ${detail.folder} 中的文件`,
        );
        return;
      }
      const target = onePath(args, this.usage);
      const result = await invoke(runtime, 'archive.importPackage', { path: target });
      io.out(
        `已导入（编号 ${result.id}）：${result.label}，全宗号 ${result.fondsCode || '—'}，年度 ${result.year ?? '—'}，${result.itemCount} 件，${result.fileCount} 个文件`,
      );
      io.out(`保存在：${result.folder}`);
      printCheck(result.check, io);
      if (result.check.ok) io.out('校验通过');
      else io.err('注意：这个档案包校验未通过，已导入并标明，请向报送单位核实');
    },
  },
};
