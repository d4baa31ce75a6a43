import type { NoticeKind } from '../../api/notices-types';
import type { SelfCheckFinding, SelfCheckItem } from '../../api/self-check-types';
import { noticeLength } from '../ledger/deadlines';
import { KINDS } from '../notices/kinds';
import { periodRule } from '../notices/period';
import { getSettings } from '../settings/settings';
import { sqlQuery } from '../sql';
import { SUBTREE, finding, item, type CheckScope } from './common';
import { dateText } from './period';

/**
 * 公示公告与档案 (docs/domain.md §9 「Procedure」, §4, §6): notices shorter than their rule
 * (notices/period.ts), 识别认定 / 风险消除公示 ended without a 结果公告, issued documents not
 * filed in the archive. Notices are those issued in the period about a grid of the scope (a
 * notice with no grid only in a report of everything).
 */

interface NoticeRow {
  id: number;
  kind: NoticeKind;
  title: string;
  gridId: number | null;
  issueDate: string;
  periodStart: string;
  periodEnd: string;
  hasResult: number;
}
const NOTICES = sqlQuery<NoticeRow, { gridId: number | null; from: string; to: string }>(
  `${SUBTREE}
  SELECT n.id, n.kind, n.title, n.grid_id AS gridId, n.issue_date AS issueDate,
    n.period_start AS periodStart, n.period_end AS periodEnd,
    EXISTS (SELECT 1 FROM notices r WHERE r.source_notice_id = n.id) AS hasResult
  FROM notices n
  WHERE n.issue_date BETWEEN @from AND @to
    AND (@gridId IS NULL OR n.grid_id IN sub)
  ORDER BY n.issue_date, n.id`,
);

interface DocumentRow {
  id: number;
  kind: string;
  title: string;
  docDate: string;
  gridId: number | null;
}
const UNFILED = sqlQuery<DocumentRow, { gridId: number | null; from: string; to: string }>(
  `${SUBTREE}
  SELECT d.id, d.kind, d.title, d.doc_date AS docDate, n.grid_id AS gridId
  FROM documents d
  LEFT JOIN notices n ON n.document_id = d.id
  WHERE d.doc_date BETWEEN @from AND @to
    AND NOT EXISTS (SELECT 1 FROM archive_items a WHERE a.document_id = d.id)
    AND (@gridId IS NULL OR n.grid_id IN sub)
  ORDER BY d.doc_date, d.id`,
);

/** The notices a 结果公告 must follow (docs/domain.md §3 step 5). */
const NEEDS_RESULT: readonly NoticeKind[] = ['监测对象识别认定公示', '风险消除公示'];

export function publicityChecks(scope: CheckScope): SelfCheckItem[] {
  const { ctx, period } = scope;
  const settings = getSettings(ctx);
  const short: SelfCheckFinding[] = [];
  const noResult: SelfCheckFinding[] = [];
  const params = { gridId: scope.gridId, from: period.from, to: period.to };
  for (const n of NOTICES.all(ctx, params)) {
    const at = (list: SelfCheckFinding[], detail: string) =>
      list.push(finding(scope, n.gridId, n.title, detail, { kind: 'notice', id: n.id }));
    const span = `${dateText(n.periodStart)}至${dateText(n.periodEnd)}`;
    if (!KINDS[n.kind].standing) {
      const { min, unit } = periodRule(settings, n.kind);
      const length = noticeLength(n.periodStart, n.periodEnd, settings);
      if (length < min)
        at(short, `${KINDS[n.kind].word}期${span}只有 ${length} ${unit}，不得少于 ${min} ${unit}`);
    }
    if (NEEDS_RESULT.includes(n.kind) && n.periodEnd < period.judgedOn && n.hasResult === 0)
      at(noResult, `${n.kind}已于${dateText(n.periodEnd)}期满，没有发布结果公告`);
  }
  const unfiled = UNFILED.all(ctx, params).map((d) =>
    finding(scope, d.gridId, d.title, `${d.kind}（${dateText(d.docDate)}）已生成，尚未归档`, {
      kind: 'document',
      id: d.id,
    }),
  );
  const G = '公示公告与档案' as const;
  return [
    item(
      scope,
      'notices-too-short',
      G,
      '公示期不足',
      `公示期不少于 ${periodRule(settings, '其他公示').min} 天，风险消除公示不少于 ${periodRule(settings, '风险消除公示').min} 天`,
      short,
    ),
    item(
      scope,
      'notices-without-result',
      G,
      '公示期满未发布结果公告',
      '识别认定公示和风险消除公示期满后应发布结果公告',
      noResult,
    ),
    item(
      scope,
      'documents-not-filed',
      G,
      '文件未归档',
      '已印发的公示、明白纸、台账等应及时归档',
      unfiled,
    ),
  ];
}
