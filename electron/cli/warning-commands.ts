import fs from 'node:fs';
import path from 'node:path';
import { CliError, integerOption, invoke, requireOut, string, type Command } from './cli-kit';

/** Reads a file the clerk names; a failure says which. */
function readInput(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new CliError(`读不到文件：${file}`);
  }
}

/** 部门筛查预警 (docs/domain.md §11): a department's 预警名单 in, the 核查反馈表 out. */
export const warningCommands: Record<string, Command> = {
  'warning-import': {
    summary: '导入部门预警名单（.xlsx 或 .csv），匹配到的户登记「部门筛查预警」问题',
    usage: 'warning-import 文件 [--department 预警部门] [--worker 默认登记人编号]',
    options: { department: { type: 'string' }, worker: { type: 'string' } },
    async run(runtime, args, io) {
      const file = args.positionals[0];
      if (!file) throw new CliError('请给出要导入的预警名单文件');
      const data = readInput(file);
      const fileName = path.basename(file);
      // The columns as the preview proposes them: the same reading the page shows.
      const preview = await invoke(runtime, 'warnings.preview', { fileName, data });
      if (!preview.recognised) {
        throw new CliError(
          `没有认出「${fileName}」的表头（第 ${preview.headerRow} 行：${preview.columns.join('、')}）。请把列名改为 身份证号、姓名、村、预警类型、预警日期、预警部门 后再导入`,
        );
      }
      const result = await invoke(runtime, 'warnings.import', {
        fileName,
        data,
        mapping: preview.mapping,
        department: string(args.values.department),
        defaultWorkerId: integerOption(args, 'worker'),
      });
      io.out(
        `已导入预警名单（编号 ${result.batchId}）：共 ${result.rowCount} 行，匹配 ${result.matched} 行，未匹配 ${result.unmatched} 行，重复 ${result.duplicates} 行；新登记问题 ${result.registered} 个，关联已有问题 ${result.linked} 个`,
      );
      for (const row of result.unmatchedRows) {
        io.out(
          `  第 ${row.row} 行 ${row.name || '（无姓名）'} ${row.idNumber || '（无身份证号）'} ${row.village}：${row.reason}`,
        );
      }
    },
  },
  'warning-reply': {
    summary: '生成预警名单的核查反馈表（.xlsx，含完整身份证号，内部资料）',
    usage: 'warning-reply --batch 名单编号 --out 核查反馈表.xlsx',
    options: { batch: { type: 'string' }, out: { type: 'string' } },
    async run(runtime, args, io) {
      const out = requireOut(args);
      const batchId = integerOption(args, 'batch');
      if (batchId === undefined) throw new CliError('请用 --batch 给出预警名单的编号');
      const file = await invoke(runtime, 'warnings.reply', { batchId });
      // Written under a temporary name and renamed: never a half-written reply at --out.
      const partial = `${out}.partial`;
      try {
        fs.writeFileSync(partial, file.data);
        fs.renameSync(partial, out);
      } catch (error) {
        fs.rmSync(partial, { force: true });
        throw new CliError(`无法写入 ${out}：${(error as Error).message}`);
      }
      io.out(`已生成核查反馈表：${out}（内部资料，含完整身份证号）`);
    },
  },
};
