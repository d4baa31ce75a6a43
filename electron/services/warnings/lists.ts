import { AppError } from '../../api/errors';
import { maskIdNumber } from '../../api/id-number';
import type {
  WarningBatchDetail,
  WarningBatchRow,
  WarningBatchSummary,
} from '../../api/warnings-types';
import type { ServiceContext } from '../context';
import { today } from '../roster/people';

/**
 * The imported 预警名单 and what became of each row (docs/domain.md §11). 核查 is done when the
 * problem's 核实评议 step is recorded; it is overdue when not done and its due day has passed
 * (or done after it).
 */

/** A row as stored, unmasked, with what the reply needs of its 核实评议 step and decision. */
export type StoredWarningRow = Omit<WarningBatchRow, 'overdue'> & {
  checkedBy: string | null;
  checkOutcome: string | null;
  proposal: string | null;
  decision: string | null;
};

/** Every row of a batch with its household, problem and 核实评议 step, in file order. */
export function storedRows(ctx: ServiceContext, batchId: number): StoredWarningRow[] {
  return ctx.sqlite
    .prepare(
      `SELECT w.id, w.row_number AS row, w.name, w.id_number AS idNumber, w.village,
         w.warning_type AS warningType, w.warning_date AS warningDate, w.department,
         w.outcome, w.reason, w.household_id AS householdId, w.problem_id AS problemId,
         w.check_due AS checkDue,
         (SELECT m.name FROM members m WHERE m.household_id = w.household_id AND m.relation = '本人'
          ORDER BY m.sort_order, m.id LIMIT 1) AS headName,
         s.date AS checkedDate, s.person AS checkedBy, s.outcome AS checkOutcome,
         p.proposal, p.decision
       FROM warning_rows w
       LEFT JOIN problems p ON p.id = w.problem_id
       LEFT JOIN problem_steps s ON s.problem_id = w.problem_id AND s.step = '核实评议'
       WHERE w.batch_id = ? ORDER BY w.row_number, w.id`,
    )
    .all(batchId) as StoredWarningRow[];
}

export function isOverdue(
  row: Pick<StoredWarningRow, 'outcome' | 'checkDue' | 'checkedDate' | 'problemId'>,
  on: string,
): boolean {
  if (row.outcome !== 'matched' || !row.checkDue || row.problemId === null) return false;
  return row.checkedDate ? row.checkedDate > row.checkDue : row.checkDue < on;
}

type BatchRecord = Omit<WarningBatchSummary, 'overdue'>;

const BATCH_COLUMNS = `id, file_name AS fileName, department, imported_by AS importedBy,
  created_at AS createdAt, row_count AS rowCount, matched, unmatched, duplicates`;

function overdueCount(ctx: ServiceContext, batchId: number, on: string): number {
  return storedRows(ctx, batchId).filter((r) => isOverdue(r, on)).length;
}

export function listBatches(ctx: ServiceContext): WarningBatchSummary[] {
  const on = today(ctx);
  const batches = ctx.sqlite
    .prepare(`SELECT ${BATCH_COLUMNS} FROM warning_batches ORDER BY id DESC`)
    .all() as BatchRecord[];
  return batches.map((b) => ({ ...b, overdue: overdueCount(ctx, b.id, on) }));
}

export function batchRecord(ctx: ServiceContext, id: number): BatchRecord {
  const batch = ctx.sqlite
    .prepare(`SELECT ${BATCH_COLUMNS} FROM warning_batches WHERE id = ?`)
    .get(id) as BatchRecord | undefined;
  if (!batch) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的预警名单，可能已被删除`);
  return batch;
}

export function getBatch(ctx: ServiceContext, id: number): WarningBatchDetail {
  const batch = batchRecord(ctx, id);
  const on = today(ctx);
  // The screen's row: the ID masked, without what only the reply file carries.
  const rows: WarningBatchRow[] = storedRows(ctx, id).map(
    ({
      checkedBy: _by,
      checkOutcome: _outcome,
      proposal: _proposal,
      decision: _decision,
      ...r
    }) => ({
      ...r,
      idNumber: maskIdNumber(r.idNumber),
      overdue: isOverdue(r, on),
    }),
  );
  return { ...batch, overdue: rows.filter((r) => r.overdue).length, rows };
}
