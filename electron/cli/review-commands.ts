import fs from 'node:fs';
import path from 'node:path';
import { MAX_FEEDBACK_BYTES } from '../api/review-contract';
import { CliError, invoke, requireOption, requireOut, writeOutFile, type Command } from './cli-kit';

/**
 * 审核意见 from the command line (docs/domain.md §11): the 乡镇汇总库 writes a village's
 * 审核反馈包 (review-feedback), the village reads it (review-import).
 */
export const reviewCommands: Record<string, Command> = {
  'review-feedback': {
    summary: '乡镇汇总库：生成某村的审核反馈包（该村的全部审核意见）',
    usage: 'review-feedback --village 村名 --out 审核反馈.zip',
    options: { village: { type: 'string' }, out: { type: 'string' } },
    async run(runtime, args, io) {
      const out = requireOut(args);
      const wanted = requireOption(
        args.values.village,
        '请用 --village 给出村名，例如 --village 杨柳村',
      );
      const villages = await invoke(runtime, 'review.villages', {});
      const found = villages.filter((v) => v.villageName === wanted || v.villageKey === wanted);
      if (found.length !== 1) {
        const names = villages.map((v) => v.villageName || v.villageKey).join('、') || '（无）';
        throw new CliError(
          found.length === 0
            ? `本汇总库没有「${wanted}」。已导入的村：${names}`
            : `「${wanted}」有 ${found.length} 个同名的村，请改用村的标识：${found.map((v) => v.villageKey).join('、')}`,
        );
      }
      const village = found[0]!;
      const file = await invoke(runtime, 'review.feedbackPackage', {
        villageKey: village.villageKey,
      });
      writeOutFile(out, file);
      io.out(
        `${village.villageName}的审核反馈包：${village.total} 条审核意见（其中 ${village.unsent} 条首次发出）`,
      );
      io.out(`已生成：${out}`);
    },
  },
  'review-import': {
    summary: '村：导入乡镇的审核反馈包，意见显示在对应的问题和农户上',
    usage: 'review-import 审核反馈.zip',
    async run(runtime, args, io) {
      const [file] = args.positionals;
      if (!file) throw new CliError('请给出审核反馈包文件：review-import 审核反馈.zip');
      const full = path.resolve(file);
      let data: Buffer;
      try {
        const stat = fs.statSync(full);
        if (!stat.isFile()) throw new CliError(`不是文件：${full}`);
        if (stat.size > MAX_FEEDBACK_BYTES) throw new CliError(`${full} 超过 5 MB，不是审核反馈包`);
        data = fs.readFileSync(full);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`无法读取 ${full}`);
      }
      const result = await invoke(runtime, 'review.importFeedback', {
        fileName: path.basename(full),
        data,
      });
      io.out(result.message);
    },
  },
};
