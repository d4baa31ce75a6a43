// query-core, not react-query: the same QueryClient without React's types, so the node-side
// type-check (tsconfig.node.json, which runs this file's unit test) keeps the DOM-free globals.
import { QueryClient } from '@tanstack/query-core';
import type { MethodName } from '../../../electron/api/contract';

/**
 * The renderer's one query cache (issue 15 item 4). Every read a page shows goes through it
 * (useCall), keyed [method, input]; every successful change invalidates what it may have changed,
 * so a change in one place refreshes every view showing it, with no counters passed around.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Another door (the CLI, a second browser tab of the web host, a background job) can change
      // the same database: a page opened again reads again, while the cached rows show at once.
      staleTime: 0,
      // Every failure arrives as an ApiError (a refusal, or the door's own 连接不上本机服务): its
      // Chinese message shows at once instead of after three silent retries.
      retry: false,
    },
  },
});

/**
 * Verbs of methods that only read: calling them changes nothing another view shows. Any other
 * method is a change. Exports, previews and PDFs build files from the data without writing.
 */
const READ_VERBS = new Set([
  'info',
  'status',
  'tree',
  'detail',
  'overCap',
  'forGrid',
  'get',
  'list',
  'photo',
  'search',
  'template',
  'export',
  'exportFile',
  'importStart',
  'importStatus',
  'importProblems',
  'catalogue',
  'codeExample',
  'documents',
  'file',
  'filed',
  'importDetail',
  'imports',
  'years',
  'verify',
  'history',
  'operators',
  'check',
  'changed',
  'preview',
  'pdf',
  'monthly',
  'monthlyExport',
  'screeningSheet',
  'attachment',
  'due',
  'draft',
]);

/**
 * Changes whose effect is narrower than "anything": the domains (first part of a method name)
 * of the queries they may change. Every other change invalidates every query — only the views on
 * screen read again, and a roster change reaches the ledger, visits, reports, notices and cards.
 */
const NARROW_EFFECTS: Partial<Record<MethodName, string[]>> = {
  // Showing a masked ID or phone is written to the audit log (docs/domain.md, 隐私) and nowhere else.
  'sensitive.reveal': ['audit'],
  // A job's start changes nothing yet; its end is reported by the job's status (useJobPolling).
  'backup.start': ['backup', 'audit'],
  'cards.cancel': ['cards'],
};

/** Whether a successful call of `method` may have changed data some view shows. */
export function changesData(method: string): boolean {
  const verb = method.slice(method.indexOf('.') + 1);
  return !READ_VERBS.has(verb);
}

/** After a successful change: marks the queries it may have changed; those on screen read again. */
export function afterChange(method: string): void {
  if (!changesData(method)) return;
  const domains = NARROW_EFFECTS[method as MethodName];
  void queryClient.invalidateQueries(
    domains
      ? { predicate: (query) => domains.includes(String(query.queryKey[0]).split('.')[0]!) }
      : undefined,
  );
}

/** A background job ended (a card batch, a backup, an import): what it wrote shows everywhere. */
export function afterJob(): void {
  void queryClient.invalidateQueries();
}
