import path from 'node:path';
import type { CardJobStatus } from '../api/cards-types';
import {
  CliError,
  contractInput,
  integerOption,
  invoke,
  requireOut,
  string,
  writeOutFile,
  type Command,
} from './cli-kit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The grid to print: --grid, --village (checked to be a village), or the single root. */
async function chooseGrid(
  runtime: Parameters<Command['run']>[0],
  args: Parameters<Command['run']>[1],
): Promise<number | undefined> {
  const grid = integerOption(args, 'grid');
  const village = integerOption(args, 'village');
  if (grid !== undefined && village !== undefined) {
    throw new CliError('--grid 和 --village 只能给一个');
  }
  if (village !== undefined) {
    const detail = await invoke(runtime, 'grids.detail', { id: village });
    if (detail.grid.level !== 'village') {
      throw new CliError(
        `编号为 ${village} 的网格「${detail.grid.name}」不是村级网格，请用 --grid`,
      );
    }
    return village;
  }
  return grid;
}

/** 明白纸: cards. */
export const cardCommands: Record<string, Command> = {
  cards: {
    summary: '打印网格化管理明白纸（PDF，每户一份；可只打印内容有变化的）',
    usage:
      'cards --out 明白纸.pdf [--grid 网格编号 | --village 村网格编号] [--layout a4|a5x2] [--changed]',
    options: {
      out: { type: 'string' },
      grid: { type: 'string' },
      village: { type: 'string' },
      layout: { type: 'string' },
      changed: { type: 'boolean' },
    },
    async run(runtime, args, io) {
      const out = requireOut(args);
      if (path.extname(out).toLowerCase() !== '.pdf') {
        throw new CliError('--out 的文件扩展名应为 .pdf');
      }
      const layout = string(args.values.layout) ?? 'a4';
      let gridId = await chooseGrid(runtime, args);
      const changedOnly = args.values.changed === true;
      if (changedOnly) {
        const list = await invoke(runtime, 'cards.changed', { gridId });
        io.err(
          `范围内 ${list.total} 户：内容有变化 ${list.changed} 户，从未打印 ${list.neverPrinted} 户`,
        );
      } else if (gridId === undefined) {
        // No grid given: everything under the single root (a one-county installation).
        const roots = await invoke(runtime, 'grids.tree', {});
        if (roots.length !== 1) throw new CliError('请用 --grid 或 --village 选择要打印的网格');
        gridId = roots[0]!.id;
      }
      const scope = changedOnly
        ? { changedOnly: true, ...(gridId === undefined ? {} : { gridId }) }
        : { gridId };
      const started = await invoke(
        runtime,
        'cards.start',
        contractInput('cards.start', { scope, layout }),
      );
      // Progress on stderr, so stdout carries only the result.
      let shown = -1;
      let status: CardJobStatus;
      for (;;) {
        status = await invoke(runtime, 'cards.status', { jobId: started.jobId });
        if (status.done !== shown) {
          io.err(`明白纸 ${status.done}/${status.total} 户`);
          shown = status.done;
        }
        if (status.state !== 'running') break;
        await sleep(50);
      }
      if (status.state !== 'done' || status.documentId === undefined) {
        throw new CliError(status.message ?? '明白纸没有生成');
      }
      writeOutFile(out, await invoke(runtime, 'cards.pdf', { documentId: status.documentId }));
      io.out(`${status.message ?? '明白纸已生成'}。文件：${out}`);
    },
  },
  'policy-sheets': {
    summary: '打印监测对象申报政策明白纸（PDF，每户一页 A4）',
    usage: 'policy-sheets --out 政策明白纸.pdf [--grid 网格编号 | --village 村网格编号]',
    options: {
      out: { type: 'string' },
      grid: { type: 'string' },
      village: { type: 'string' },
    },
    async run(runtime, args, io) {
      const out = requireOut(args);
      if (path.extname(out).toLowerCase() !== '.pdf') {
        throw new CliError('--out 的文件扩展名应为 .pdf');
      }
      let gridId = await chooseGrid(runtime, args);
      if (gridId === undefined) {
        const roots = await invoke(runtime, 'grids.tree', {});
        if (roots.length !== 1) throw new CliError('请用 --grid 或 --village 选择要打印的网格');
        gridId = roots[0]!.id;
      }
      const started = await invoke(
        runtime,
        'policy.start',
        contractInput('policy.start', { scope: { gridId } }),
      );
      // The batch is a 明白纸 job (services/policy/batch.ts): followed with cards.status.
      let shown = -1;
      let status: CardJobStatus;
      for (;;) {
        status = await invoke(runtime, 'cards.status', { jobId: started.jobId });
        if (status.done !== shown) {
          io.err(`政策明白纸 ${status.done}/${status.total} 户`);
          shown = status.done;
        }
        if (status.state !== 'running') break;
        await sleep(50);
      }
      if (status.state !== 'done' || status.documentId === undefined) {
        throw new CliError(status.message ?? '政策明白纸没有生成');
      }
      writeOutFile(out, await invoke(runtime, 'policy.pdf', { documentId: status.documentId }));
      io.out(`${status.message ?? '政策明白纸已生成'}。文件：${out}`);
    },
  },
};
