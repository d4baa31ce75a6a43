import path from 'node:path';
import { NOTICE_KINDS, type NoticeKind } from '../api/notices-types';
import {
  CliError,
  integerOption,
  invoke,
  requireOption,
  requireOut,
  string,
  writeOutFile,
  type Command,
} from './cli-kit';

/** Short names a clerk may type for --kind, besides the full ones. */
const KIND_ALIASES: Record<string, NoticeKind> = {
  网格划分: '网格划分及网格员公示',
  识别认定: '监测对象识别认定公示',
  帮扶措施: '帮扶措施公示',
  风险消除: '风险消除公示',
  结果: '结果公告',
  其他: '其他公示',
};

const isNoticeKind = (raw: string): raw is NoticeKind =>
  (NOTICE_KINDS as readonly string[]).includes(raw);

function noticeKind(raw: string): NoticeKind {
  const kind = isNoticeKind(raw) ? raw : KIND_ALIASES[raw];
  if (!kind) {
    throw new CliError(
      `--kind 只能是 ${NOTICE_KINDS.join('、')}（或简称 ${Object.keys(KIND_ALIASES).join('、')}），收到「${raw}」`,
    );
  }
  return kind;
}

/** 公示: notice. */
export const noticeCommands: Record<string, Command> = {
  notice: {
    summary: '生成公示公告 PDF（不加 --issue 只预览；加 --issue 编号发布并留存）',
    usage:
      'notice --kind 识别认定|帮扶措施|风险消除|网格划分|结果|其他 --out 公示.pdf [--from 2026-04-01 --to 2026-04-30] [--grid 网格编号] [--start 公示开始日期 --end 公示结束日期] [--source 结果公告所依据的公示编号] [--issue]',
    options: {
      kind: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      grid: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      source: { type: 'string' },
      issue: { type: 'boolean' },
    },
    async run(runtime, args, io) {
      const kind = noticeKind(
        requireOption(args.values.kind, '请用 --kind 给出公示类别，如 --kind 识别认定'),
      );
      const out = requireOut(args);
      if (path.extname(out).toLowerCase() !== '.pdf') {
        throw new CliError('--out 的文件扩展名应为 .pdf');
      }
      const input = {
        kind,
        gridId: integerOption(args, 'grid'),
        from: string(args.values.from),
        to: string(args.values.to),
        periodStart: string(args.values.start),
        periodEnd: string(args.values.end),
        sourceNoticeId: integerOption(args, 'source'),
      };
      // The same draft the app shows, then the same preview / issue methods: the CLI and the
      // app print identical notices.
      const draft = await invoke(runtime, 'notices.draft', input);
      for (const note of draft.notes) io.err(`提示：${note}`);

      let number: string;
      let pages: number;
      let notes: string[];
      if (args.values.issue === true) {
        const issued = await invoke(runtime, 'notices.issue', input);
        writeOutFile(out, await invoke(runtime, 'notices.pdf', { id: issued.id }));
        number = issued.number;
        pages = issued.document.pages;
        notes = [...issued.fontNotes, ...issued.privacyNotes];
        io.out(`已发布 ${number}（记录编号 ${issued.id}，SHA-256 ${issued.document.sha256}）`);
      } else {
        const preview = await invoke(runtime, 'notices.preview', input);
        writeOutFile(out, preview);
        number = `${preview.number}（预览，未发布）`;
        pages = preview.pages;
        notes = [...preview.fontNotes, ...preview.privacyNotes];
        if (preview.privacyHits.length > 0) {
          io.err(
            `有 ${preview.privacyHits.length} 处内容不宜公开，发布前请修改（--issue 会被拒绝）`,
          );
        }
      }
      io.out(`${draft.title}  ${number}`);
      // 网格划分 is posted for good (docs/domain.md §4): no period.
      const period =
        kind === '网格划分及网格员公示'
          ? '长期公示'
          : `公示期 ${input.periodStart ?? draft.periodStart} 至 ${input.periodEnd ?? draft.periodEnd}`;
      io.out(`${kind}：${draft.table.rows.length} 行，${pages} 页；${period}`);
      for (const note of notes) io.err(`提示：${note}`);
      io.out(`已生成：${out}`);
    },
  },
};
