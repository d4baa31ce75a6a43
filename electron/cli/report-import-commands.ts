import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ReportImportFileResult } from '../api/report-import-types';
import {
  CliError,
  invoke,
  passwordFromFile,
  string,
  type CliIo,
  type Command,
  type ParsedArgs,
} from './cli-kit';

/**
 * The 乡镇汇总库 from the command line (docs/domain.md §11): `init --workspace township|county`
 * makes an empty database a workspace, `report-import` loads village 上报包 into it.
 */

const MAX_PACKAGE_FILE = 512 * 1024 * 1024;

/** `init --workspace township --township 乡镇 [--county 县]` or `--workspace county --county 县`. */
export async function initWorkspace(
  runtime: Parameters<Command['run']>[0],
  args: ParsedArgs,
  io: CliIo,
): Promise<void> {
  const kind = string(args.values.workspace);
  const county = string(args.values.county)?.trim() ?? '';
  const township = string(args.values.township)?.trim() ?? '';
  let result;
  if (kind === 'township') {
    if (!township) throw new CliError('请用 --township 给出乡镇名称');
    result = await invoke(runtime, 'setup.createWorkspace', {
      kind: 'township',
      township,
      ...(county ? { county } : {}),
    });
  } else if (kind === 'county') {
    if (!county) throw new CliError('请用 --county 给出县名称');
    result = await invoke(runtime, 'setup.createWorkspace', { kind: 'county', county });
  } else {
    throw new CliError('--workspace 只能是 township（乡镇汇总库）或 county（县级汇总库）');
  }
  const what = result.kind === 'township' ? '乡镇汇总库' : '县级汇总库';
  io.out(`已建立${what}：${result.county}${result.kind === 'township' ? result.name : ''}`);
  io.out('各村的数据只能通过上报包导入（report-import），在汇总库中只读。');
}

const OUTCOME: Record<ReportImportFileResult['outcome'], string> = {
  loaded: '已导入',
  unchanged: '无变化',
  refused: '已拒绝',
};

export const reportImportCommands: Record<string, Command> = {
  'report-import': {
    summary: '乡镇汇总库：导入村里的上报包（可一次多个；加密的用 --password-file）',
    usage: 'report-import 上报包1.zip [上报包2.vlrp …] [--password-file 密码文件]',
    options: { 'password-file': { type: 'string' } },
    async run(runtime, args, io) {
      if (args.positionals.length === 0) {
        throw new CliError('请给出一个或几个上报包文件：report-import 上报包.zip …');
      }
      const password = passwordFromFile(string(args.values['password-file']));
      const files = args.positionals.map((file) => {
        const full = path.resolve(file);
        let stat: fs.Stats;
        try {
          stat = fs.statSync(full);
        } catch {
          throw new CliError(`找不到文件：${file}`);
        }
        if (!stat.isFile()) throw new CliError(`不是文件：${file}`);
        if (stat.size > MAX_PACKAGE_FILE) {
          throw new CliError(`${file} 超过 512 MB，不是村级上报包`);
        }
        return { fileName: path.basename(full), data: new Uint8Array(fs.readFileSync(full)) };
      });
      // Follow the job: each file's phase on stderr as it starts (a kill test waits for it).
      const jobId = crypto.randomUUID();
      const call = invoke(runtime, 'township.importPackages', {
        files,
        followJobId: jobId,
        ...(password === undefined ? {} : { password }),
      });
      let finished = false;
      void call.then(
        () => (finished = true),
        () => (finished = true),
      );
      let shown = '';
      while (!finished) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const status = await invoke(runtime, 'jobs.status', { jobId }).catch(() => null);
        const phase = status?.progress.phase ?? '';
        if (phase && phase !== shown) {
          io.err(phase);
          shown = phase;
        }
      }
      const results = await call;
      for (const r of results) io.out(`${OUTCOME[r.outcome]}：${r.fileName}：${r.message}`);
      const refused = results.filter((r) => r.outcome === 'refused').length;
      io.out(
        `共 ${results.length} 个：导入 ${results.filter((r) => r.outcome === 'loaded').length} 个，无变化 ${results.filter((r) => r.outcome === 'unchanged').length} 个，拒绝 ${refused} 个`,
      );
      if (refused > 0) throw new CliError(`有 ${refused} 个上报包被拒绝，见上`);
    },
  },
};
