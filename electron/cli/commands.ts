import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { METHOD_NAMES } from '../api/contract';
import { GRID_LEVEL_LABELS } from '../api/labels';
import type { GridNode } from '../api/types';
import {
  CliError,
  COMMON_OPTIONS,
  contractInput,
  integerOption,
  invoke,
  invokeByName,
  jsonArgument,
  requireOut,
  string,
  writeOutFile,
  type CliIo,
  type Command,
  type ParsedArgs,
} from './cli-kit';
import { archiveCommands } from './archive-commands';
import { auditCommands } from './audit-commands';
import { backupCommands } from './backup-commands';
import { cardCommands } from './card-commands';
import { ledgerCommands } from './ledger-commands';
import { noticeCommands } from './notice-commands';
import { reportCommands } from './report-commands';
import { initWorkspace, reportImportCommands } from './report-import-commands';
import { selfCheckCommands } from './self-check-commands';
import { reportPackageCommands } from './report-package-commands';
import { townshipCommands } from './township-commands';
import { reviewCommands } from './review-commands';
import { visitCommands } from './visit-commands';
import { warningCommands } from './warning-commands';
import {
  actionLabel,
  entityLabel,
  localDateTime,
  PASSWORD_ENV,
  runInSession,
} from './outside-contract';

export type { CliIo };
export { PASSWORD_ENV };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function printTree(nodes: GridNode[], io: CliIo, depth = 0): void {
  for (const node of nodes) {
    const code = node.code ? `  [${node.code}]` : '';
    io.out(
      `${'  '.repeat(depth)}${node.name}（${GRID_LEVEL_LABELS[node.level]}，编号 ${node.id}）${code}`,
    );
    printTree(node.children, io, depth + 1);
  }
}

export const COMMANDS: Record<string, Command> = {
  info: {
    summary: '显示版本、数据文件夹和数据库结构版本',
    usage: 'info',
    async run(runtime, _args, io) {
      const info = await invoke(runtime, 'app.info', {});
      io.out(`${info.productName} ${info.version}`);
      io.out(`数据文件夹：${info.dataDir}`);
      io.out(`数据库文件：${info.databaseFile}`);
      io.out(`数据库结构版本：${info.schemaVersion}`);
    },
  },
  init: {
    summary: '首次使用：建立 县→乡镇→村→村民小组 网格',
    usage:
      'init --county 县名 --township 乡镇名 --village 村名 --groups 第一村民小组,第二村民小组\n      或 init --workspace township --township 乡镇名 [--county 县名]（乡镇汇总库）\n      或 init --workspace county --county 县名（县级汇总库）',
    options: {
      county: { type: 'string' },
      township: { type: 'string' },
      village: { type: 'string' },
      groups: { type: 'string' },
      workspace: { type: 'string' },
    },
    async run(runtime, args, io) {
      if (args.values.workspace !== undefined) return initWorkspace(runtime, args, io);
      const groups = (string(args.values.groups) ?? '')
        .split(/[,，、]/)
        .map((g) => g.trim())
        .filter(Boolean);
      const root = await invoke(runtime, 'setup.createVillage', {
        county: string(args.values.county) ?? '',
        township: string(args.values.township) ?? '',
        village: string(args.values.village) ?? '',
        groups,
      });
      io.out('网格已建立：');
      printTree([root], io);
    },
  },
  grids: {
    summary: '列出网格树',
    usage: 'grids',
    async run(runtime, _args, io) {
      const tree = await invoke(runtime, 'grids.tree', {});
      if (tree.length === 0)
        io.out('还没有网格。运行 init 建立网格，或运行 seed-demo 载入演示数据。');
      printTree(tree, io);
    },
  },
  settings: {
    summary: '查看设置，或用 --set 修改（JSON）',
    usage: `settings [--set '{"householdCap":80}']`,
    options: { set: { type: 'string' } },
    async run(runtime, args, io) {
      const patch = string(args.values.set);
      const result = patch
        ? await invoke(
            runtime,
            'settings.update',
            contractInput('settings.update', jsonArgument(patch, '--set 的内容')),
          )
        : await invoke(runtime, 'settings.get', {});
      io.out(JSON.stringify(result, null, 2));
    },
  },
  'seed-demo': {
    summary: '向空数据库载入演示数据（同一种子结果相同）',
    usage: 'seed-demo --size village|township|county [--seed N]',
    options: { size: { type: 'string' }, seed: { type: 'string' } },
    async run(runtime, args, io) {
      const summary = await invoke(
        runtime,
        'demo.seed',
        contractInput('demo.seed', {
          size: string(args.values.size) ?? 'village',
          seed: integerOption(args, 'seed', 1),
        }),
      );
      const g = summary.grids;
      io.out(
        `演示数据已载入：县 ${g.county}，乡镇 ${g.township}，村 ${g.village}，村民小组 ${g.group}（${summary.millis} 毫秒）`,
      );
      io.out(
        `农户 ${summary.households}，成员 ${summary.members}，网格员 ${summary.workers}；问题 ${summary.problems}，走访 ${summary.visits}，会商 ${summary.meetings}；归档文件 ${summary.archiveItems}`,
      );
    },
  },
  audit: {
    summary: '查看操作记录（最新在前）',
    usage: 'audit [--entity grid] [--id 编号] [--limit 50]',
    options: { entity: { type: 'string' }, id: { type: 'string' }, limit: { type: 'string' } },
    async run(runtime, args, io) {
      const entries = await invoke(runtime, 'audit.list', {
        entity: string(args.values.entity),
        entityId: string(args.values.id),
        limit: integerOption(args, 'limit', 50),
      });
      // The clerk's words, as in 操作记录: 网格 3 新增, 数据库 恢复备份 (an id that is a code word,
      // such as a password row's, is left out). --entity still takes the code word.
      for (const e of entries) {
        const id = /[A-Za-z]/.test(e.entityId) ? '' : ` ${e.entityId}`;
        io.out(
          `${localDateTime(e.at)}  ${e.operator}  ${entityLabel(e.entity)}${id}  ${actionLabel(e.action)}`,
        );
      }
    },
  },
  template: {
    summary: '生成导入模板（农户与成员 或 网格员）',
    usage: 'template --kind households|workers --out 文件.xlsx',
    options: { kind: { type: 'string' }, out: { type: 'string' } },
    async run(runtime, args, io) {
      const out = requireOut(args);
      const kind = string(args.values.kind) ?? 'households';
      if (kind !== 'households' && kind !== 'workers')
        throw new CliError('--kind 只能是 households 或 workers');
      writeOutFile(out, await invoke(runtime, 'rosterIo.template', { kind }));
      io.out(`模板已生成：${out}`);
    },
  },
  'import-roster': {
    summary: '导入花名册（.xlsx 或 .csv）：先检查，没有问题才写入',
    usage:
      'import-roster 文件 [--kind households|workers] [--valid-only] [--problems 问题清单.xlsx]',
    options: {
      kind: { type: 'string' },
      'valid-only': { type: 'boolean' },
      problems: { type: 'string' },
    },
    async run(runtime, args, io) {
      const file = args.positionals[0];
      if (!file) throw new CliError('请给出要导入的文件');
      const kind = string(args.values.kind) ?? 'households';
      if (kind !== 'households' && kind !== 'workers')
        throw new CliError('--kind 只能是 households 或 workers');
      let buffer: Buffer;
      try {
        buffer = fs.readFileSync(file);
      } catch {
        throw new CliError(`读不到文件：${file}`);
      }
      // The app's import job: the same checks, preview, problem list and commit.
      const { jobId } = await invoke(runtime, 'rosterIo.importStart', {
        kind,
        fileName: path.basename(file),
        data: buffer,
      });
      // Progress on stderr about every 2,000 rows, so stdout carries only the result.
      let shown = -1;
      let status = await invoke(runtime, 'rosterIo.importStatus', { jobId });
      while (status.phase === 'reading' || status.phase === 'checking') {
        const step = Math.floor(status.done / 2000);
        if (status.phase === 'checking' && status.total > 0 && step !== shown) {
          io.err(`检查中 ${status.done}/${status.total}`);
          shown = step;
        }
        await sleep(50);
        status = await invoke(runtime, 'rosterIo.importStatus', { jobId });
      }
      if (status.phase === 'failed' || !status.preview) {
        throw new CliError(status.error ?? '读取文件时出错，文件可能已损坏。');
      }
      const p = status.preview;
      io.out(
        `共 ${p.rows} 行，${p.units} ${kind === 'households' ? '户' : '条'}；没有问题的 ${p.validUnits}；问题 ${p.problemCount} 处`,
      );
      for (const problem of p.problems.slice(0, 50)) {
        io.out(`  ${problem.sheet} 第 ${problem.row} 行「${problem.column}」：${problem.reason}`);
      }
      if (p.problemCount > 50) io.out(`  ……另有 ${p.problemCount - 50} 处`);
      const problemsOut = string(args.values.problems);
      if (problemsOut && p.problemCount > 0) {
        writeOutFile(
          path.resolve(problemsOut),
          await invoke(runtime, 'rosterIo.importProblems', { jobId }),
        );
        io.out(`问题清单已写入：${problemsOut}`);
      }
      const summary = await invoke(runtime, 'rosterIo.importCommit', {
        jobId,
        validOnly: args.values['valid-only'] === true,
      });
      io.out(`导入完成：新增 ${summary.created}，更新 ${summary.updated}，跳过 ${summary.skipped}`);
    },
  },
  'export-roster': {
    summary: '导出花名册（.xlsx，与导入模板同样的列，A4 横向）',
    usage: 'export-roster --out 文件.xlsx [--grid 网格编号]',
    options: { out: { type: 'string' }, grid: { type: 'string' } },
    async run(runtime, args, io) {
      const out = requireOut(args);
      writeOutFile(
        out,
        await invoke(runtime, 'rosterIo.export', { gridId: integerOption(args, 'grid') }),
      );
      io.out(`已导出：${out}`);
    },
  },
  call: {
    summary: '直接调用任一接口方法（自动化用）',
    usage: `call <方法名> ['<JSON 参数>']   方法：${METHOD_NAMES.join(', ')}`,
    async run(_runtime, args, io, session) {
      const [method, raw] = args.positionals;
      if (!method) throw new CliError(`请给出方法名。可用方法：${METHOD_NAMES.join(', ')}`);
      // Free-form on purpose (automation): dispatch checks the name and the input.
      io.out(
        JSON.stringify(await invokeByName(session, method, jsonArgument(raw, '参数')), null, 2),
      );
    },
  },
  ...ledgerCommands,
  ...visitCommands,
  ...reportCommands,
  ...reportImportCommands,
  ...selfCheckCommands,
  ...warningCommands,
  ...reportPackageCommands,
  ...townshipCommands,
  ...reviewCommands,
  ...noticeCommands,
  ...cardCommands,
  ...archiveCommands,
  ...backupCommands,
  ...auditCommands,
};

function helpText(): string[] {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    '村级网格台账 命令行',
    '用法：npm run cli -- <命令> [选项] [--db 数据库文件 | --data 数据文件夹]',
    '',
    '命令：',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  显示本帮助；help <命令> 显示该命令的用法`,
    '',
    '不给 --db/--data 时使用环境变量 VILLAGE_LEDGER_DATA_DIR 或程序的默认数据文件夹。',
    `数据库设了密码时，用环境变量 ${PASSWORD_ENV} 给出密码；操作员姓名用 VILLAGE_LEDGER_OPERATOR。`,
  ];
}

/** Runs one CLI invocation; returns the exit code. Never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIo, env = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = rest[0] && COMMANDS[rest[0]];
    if (target) io.out(`用法：npm run cli -- ${target.usage}`);
    else helpText().forEach((line) => io.out(line));
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`未知命令「${name}」。运行 help 查看全部命令。`);
    return 2;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs({
      args: rest,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    }) as ParsedArgs;
  } catch (error) {
    io.err(`参数有误：${(error as Error).message}`);
    io.err(`用法：npm run cli -- ${command.usage}`);
    return 2;
  }
  try {
    await runInSession(
      name,
      { db: string(args.values.db), data: string(args.values.data) },
      env,
      (runtime, session) => command.run(runtime, args, io, session),
    );
    return 0;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return error instanceof CliError ? error.exitCode : 1;
  }
}
