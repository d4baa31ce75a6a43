import type {
  ProblemCategory,
  ProblemSource,
  ProblemStatus,
} from '../../../../electron/api/ledger-enums';
import type { LedgerFilter } from '../../../../electron/api/ledger-schemas';
import { dateRangeOf, type DateRangeText } from '../../components/date-range-filter';

/** The filter bar's values as the fields hold them (dates as typed). */
export interface LedgerFilterValues {
  gridId?: number;
  workerId?: number;
  status?: ProblemStatus;
  category?: ProblemCategory;
  source?: ProblemSource;
  registered?: DateRangeText;
  overdue?: boolean;
  /** 户主, a member or the 反映人: any part of the name. */
  name?: string | undefined;
}

/** Whether any filter is set (an empty list then says so, and offers to clear them). */
export function hasLedgerFilter(values: LedgerFilterValues): boolean {
  return Object.keys(toLedgerFilter(values)).length > 0;
}

/** What problems.list and problems.export take: only the filters that are set. */
export function toLedgerFilter(values: LedgerFilterValues): LedgerFilter {
  const filter: LedgerFilter = {};
  if (values.gridId) filter.gridId = values.gridId;
  if (values.workerId) filter.workerId = values.workerId;
  if (values.status) filter.status = values.status;
  if (values.category) filter.category = values.category;
  if (values.source) filter.source = values.source;
  const { from, to } = dateRangeOf(values.registered ?? {});
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (values.overdue) filter.overdue = true;
  if (values.name?.trim()) filter.name = values.name.trim();
  return filter;
}
