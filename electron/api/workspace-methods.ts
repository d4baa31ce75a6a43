import type { MethodName } from './contract';

/**
 * What a 乡镇/县 workspace may be asked (docs/domain.md §11 read-only): the village's records
 * arrived in packages and are read-only there, so every method that is not on this list is
 * refused before it reaches a service (services/dispatch.ts). A method added later is refused
 * until it is put here on purpose: the safe default for a roll-up.
 */

/** Whole areas that belong to a roll-up (import, outputs, 审核意见, the workspace itself). */
export const ROLL_UP_PREFIXES = ['township.', 'review.', 'workspace.'] as const;

/** Reads, exports and the program's own housekeeping, by name. */
export const ROLL_UP_METHODS: ReadonlySet<string> = new Set<MethodName>([
  'app.info',
  'setup.status',
  'setup.createWorkspace',
  'grids.tree',
  'grids.detail',
  'grids.overCap',
  'settings.get',
  'settings.update',
  'jobs.status',
  'jobs.cancel',
  'session.status',
  'session.unlock',
  'session.setOperator',
  'audit.list',
  'audit.history',
  'audit.operators',
  'backup.list',
  'backup.start',
  'backup.status',
  'backup.check',
  'backup.restore',
  'security.setPassword',
  'security.removePassword',
  'diagnostics.export',
  'workers.list',
  'workers.forGrid',
  'workers.get',
  'workers.photo',
  'households.list',
  'households.get',
  'roster.search',
  'sensitive.reveal',
  'rosterIo.template',
  'rosterIo.export',
  'problems.list',
  'problems.get',
  'problems.attachment',
  'problems.export',
  'visits.list',
  'visits.due',
  'meetings.list',
  'meetings.get',
  'meetings.export',
  'reports.monthly',
  'reports.monthlyExport',
  'reports.screeningSheet',
  'evaluations.list',
  'evaluations.export',
  'notices.list',
  'notices.get',
  'notices.pdf',
  'policy.batches',
  'policy.coverage',
  'policy.household',
  'archive.list',
  'archive.get',
  'archive.filed',
  'archive.file',
  'archive.years',
  'archive.catalogue',
  'archive.imports',
  'archive.importDetail',
  'selfCheck.run',
  'selfCheck.export',
]);

/** Whether a roll-up workspace serves this method. */
export function allowedInRollUp(method: string): boolean {
  return ROLL_UP_METHODS.has(method) || ROLL_UP_PREFIXES.some((p) => method.startsWith(p));
}
