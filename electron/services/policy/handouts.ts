import { AppError } from '../../api/errors';
import type {
  PolicyBatch,
  PolicyCoverage,
  PolicyHandout,
  PolicyRecordResult,
} from '../../api/policy-types';
import { audit } from '../audit/audit';
import { householdsInGrid } from '../cards/content';
import { inTransaction, type ServiceContext } from '../context';
import { getDocumentRow } from '../../documents/store';
import { today } from '../roster/people';
import { batchHouseholds, POLICY_PRINT_ACTION } from './batch';

/**
 * 「已发放」: the record that a household was handed its 申报政策明白纸 (docs/domain.md §9
 * 「Publicity」: every household gets one and inspectors check the coverage). policy_handouts
 * holds one row per handout event — a household handed a sheet again next year gets a second
 * row — and the self-check counts a household as covered when it has any row.
 */

export function recordHandouts(
  ctx: ServiceContext,
  input: { documentId?: number; householdIds?: number[]; handedDate: string; handedBy: string },
): PolicyRecordResult {
  const now = today(ctx);
  if (input.handedDate > now) {
    throw new AppError('VALIDATION', `发放日期 ${input.handedDate} 晚于今天，请检查`);
  }
  let ids: number[];
  if (input.documentId !== undefined) {
    const batch = batchHouseholds(ctx, input.documentId);
    const printed = getDocumentRow(ctx, input.documentId).docDate;
    if (input.handedDate < printed) {
      throw new AppError(
        'VALIDATION',
        `发放日期 ${input.handedDate} 早于这批明白纸的打印日期 ${printed}，请检查`,
      );
    }
    if (input.householdIds) {
      const inBatch = new Set(batch);
      const outside = input.householdIds.filter((id) => !inBatch.has(id));
      if (outside.length > 0) {
        throw new AppError('VALIDATION', `有 ${outside.length} 户不在这批明白纸里，请重新选择`);
      }
      ids = [...new Set(input.householdIds)];
    } else {
      ids = batch;
    }
  } else {
    ids = [...new Set(input.householdIds ?? [])];
  }
  return inTransaction(ctx, () => {
    const known = new Set(
      (
        ctx.sqlite
          .prepare('SELECT id FROM households WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(ids)) as { id: number }[]
      ).map((r) => r.id),
    );
    const missing = ids.filter((id) => !known.has(id));
    // A whole batch skips households deleted since it was printed; a chosen one must exist.
    if (missing.length > 0 && input.documentId === undefined) {
      throw new AppError('NOT_FOUND', `找不到编号为 ${missing[0]} 的农户，可能已被删除`);
    }
    const already = ctx.sqlite.prepare(
      `SELECT 1 FROM policy_handouts WHERE household_id = ? AND document_id IS ? AND handed_date = ?`,
    );
    const insert = ctx.sqlite.prepare(
      `INSERT INTO policy_handouts (household_id, handed_date, handed_by, document_id)
       VALUES (?, ?, ?, ?)`,
    );
    let recorded = 0;
    let skipped = 0;
    const documentId = input.documentId ?? null;
    for (const id of ids) {
      if (!known.has(id)) continue;
      // The same batch recorded twice for one household and day is one handout, not two.
      if (already.get(id, documentId, input.handedDate)) {
        skipped++;
        continue;
      }
      const row = insert.run(id, input.handedDate, input.handedBy, documentId);
      audit(ctx, {
        entity: 'policy_handout',
        entityId: Number(row.lastInsertRowid),
        action: 'create',
        after: {
          householdId: id,
          handedDate: input.handedDate,
          handedBy: input.handedBy,
          documentId,
        },
      });
      recorded++;
    }
    if (recorded === 0 && skipped > 0) {
      throw new AppError(
        'CONFLICT',
        `这 ${skipped} 户在 ${input.handedDate} 已记为发放，不用重复记录`,
      );
    }
    return { recorded, skipped };
  });
}

/** Printed batches, newest first, with their household and handed counts. */
export function listBatches(ctx: ServiceContext): PolicyBatch[] {
  const rows = ctx.sqlite
    .prepare(
      `SELECT d.id AS documentId, d.title, d.doc_date AS docDate, a.after
       FROM audit_log a JOIN documents d ON d.id = CAST(a.entity_id AS INTEGER)
       WHERE a.entity = 'document' AND a.action = ?
       ORDER BY d.id DESC LIMIT 200`,
    )
    .all(POLICY_PRINT_ACTION) as {
    documentId: number;
    title: string;
    docDate: string;
    after: string | null;
  }[];
  const handed = ctx.sqlite.prepare(
    'SELECT COUNT(DISTINCT household_id) AS n FROM policy_handouts WHERE document_id = ?',
  );
  return rows.map((r) => {
    const after = r.after ? (JSON.parse(r.after) as { householdIds?: unknown[] }) : {};
    return {
      documentId: r.documentId,
      title: r.title,
      docDate: r.docDate,
      households: after.householdIds?.length ?? 0,
      handed: (handed.get(r.documentId) as { n: number }).n,
    };
  });
}

/** 发放 N / 共 M 户 in a grid's subtree (the whole village without one), and who has none. */
export function handoutCoverage(ctx: ServiceContext, gridId: number | undefined): PolicyCoverage {
  const households = householdsInGrid(ctx, gridId);
  const covered = new Set(
    (
      ctx.sqlite.prepare('SELECT DISTINCT household_id AS id FROM policy_handouts').all() as {
        id: number;
      }[]
    ).map((r) => r.id),
  );
  const missing = households
    .filter((h) => !covered.has(h.id))
    .map((h) => ({ householdId: h.id, head: h.head, gridName: h.gridName }));
  return { total: households.length, handed: households.length - missing.length, missing };
}

/** One household's handouts, newest first. */
export function householdHandouts(ctx: ServiceContext, householdId: number): PolicyHandout[] {
  return ctx.sqlite
    .prepare(
      `SELECT id, household_id AS householdId, handed_date AS handedDate, handed_by AS handedBy,
              document_id AS documentId
       FROM policy_handouts WHERE household_id = ? ORDER BY handed_date DESC, id DESC`,
    )
    .all(householdId) as PolicyHandout[];
}
