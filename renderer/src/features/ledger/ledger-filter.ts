import type { Dayjs } from 'dayjs';
import type {
  ProblemCategory,
  ProblemSource,
  ProblemStatus,
} from '../../../../electron/api/ledger-enums';
import type { LedgerFilter } from '../../../../electron/api/ledger-schemas';
import { isoDay } from '../../components/dates';

/** The filter bar's values as the form holds them (dates as dayjs). */
export interface LedgerFilterValues {
  gridId?: number;
  workerId?: number;
  status?: ProblemStatus;
  category?: ProblemCategory;
  source?: ProblemSource;
  registered?: [Dayjs | null, Dayjs | null] | null;
  overdue?: boolean;
}

/** What problems.list and problems.export take: only the filters that are set. */
export function toLedgerFilter(values: LedgerFilterValues): LedgerFilter {
  const filter: LedgerFilter = {};
  if (values.gridId) filter.gridId = values.gridId;
  if (values.workerId) filter.workerId = values.workerId;
  if (values.status) filter.status = values.status;
  if (values.category) filter.category = values.category;
  if (values.source) filter.source = values.source;
  const from = isoDay(values.registered?.[0]);
  const to = isoDay(values.registered?.[1]);
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (values.overdue) filter.overdue = true;
  return filter;
}
