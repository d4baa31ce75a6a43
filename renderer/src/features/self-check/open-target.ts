import { openPage } from '../../app/navigation';
import type { SelfCheckTarget } from '../../../../electron/api/self-check-types';

/**
 * Where a finding is fixed (docs/domain.md §9, 迎检自查: each line linked to its record): the
 * household's card, the worker and the grid in 网格花名册, the problem's drawer in 问题台账,
 * the notice in 公示公告, 档案管理 for a document (filed from the finding itself), and the
 * 月度会商 in 走访记录.
 */
export function openTarget(target: SelfCheckTarget): void {
  switch (target.kind) {
    case 'household':
      openPage('roster', { household: target.id });
      return;
    case 'grid':
      openPage('roster', { grid: target.id });
      return;
    case 'worker':
      openPage('roster', { worker: target.id });
      return;
    case 'problem':
      openPage('ledger', { problem: target.id });
      return;
    case 'notice':
      openPage('notices', { notice: target.id });
      return;
    case 'document':
      // Filed from the self-check itself (FindingsTable's 归档): a card batch has no page
      // listing it, and 归档 is what fixes the finding.
      openPage('archive');
      return;
    case 'meetings':
      openPage('visits', { meetings: target.gridId });
      return;
  }
}

/** What the link says it opens. */
export const TARGET_LABELS: Record<SelfCheckTarget['kind'], string> = {
  household: '打开农户',
  grid: '打开网格',
  worker: '打开网格员',
  problem: '打开问题',
  notice: '打开公示',
  document: '打开档案管理',
  meetings: '打开月度会商',
};
