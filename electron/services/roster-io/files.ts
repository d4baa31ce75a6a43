import { audit } from '../audit/audit';
import { inTransaction, type ServiceContext } from '../context';
import { gridPath } from '../grids/grids';
import type { FilePayload } from '../../api/roster-io-types';
import type { RosterKind } from './columns';
import { exportRoster } from './export';
import { allProblems, readyAnalysis } from './import';
import { problemsWorkbook } from './problems';
import { buildTemplate } from './template';

const payload = (fileName: string, buffer: Buffer): FilePayload => ({
  fileName,
  data: buffer,
});

const stamp = (ctx: ServiceContext) => ctx.now().toISOString().slice(0, 10).replaceAll('-', '');

export async function templateFile(ctx: ServiceContext, kind: RosterKind): Promise<FilePayload> {
  const name = kind === 'households' ? '农户与成员导入模板' : '网格员导入模板';
  return payload(`${name}.xlsx`, await buildTemplate(ctx, kind));
}

/** The roster export is recorded: it carries every ID number and phone of the grid. */
export async function exportFile(
  ctx: ServiceContext,
  input: { gridId?: number | undefined; monitorOnly?: boolean | undefined },
): Promise<FilePayload> {
  const { buffer, rows } = await exportRoster(ctx, input);
  const where = input.gridId ? gridPath(ctx, input.gridId).at(-1) : '全部';
  inTransaction(ctx, () =>
    audit(ctx, {
      entity: 'roster',
      entityId: input.gridId ?? 'all',
      action: 'export',
      after: { rows },
    }),
  );
  return payload(
    `网格花名册-${where}${input.monitorOnly ? '-监测对象' : ''}-${stamp(ctx)}.xlsx`,
    buffer,
  );
}

export async function problemsFile(ctx: ServiceContext, jobId: string): Promise<FilePayload> {
  const analysis = readyAnalysis(jobId);
  const base = analysis.fileName.replace(/\.[^.]+$/, '');
  return payload(
    `${base}-问题清单.xlsx`,
    await problemsWorkbook(analysis.table, allProblems(ctx, analysis)),
  );
}
