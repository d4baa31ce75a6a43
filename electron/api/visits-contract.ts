import { z } from 'zod';
import { method } from './method';
import type { FilePayload } from './roster-io-types';
import { id } from './schemas';
import {
  meetingList,
  meetingSave,
  visitCreate,
  visitList,
  visitsDueInput,
  visitUpdate,
} from './visits-schemas';
import type {
  MeetingDetail,
  MeetingSummary,
  VisitPage,
  VisitsDuePage,
  VisitView,
} from './visits-types';

const byId = z.strictObject({ id });

/** 走访 and 月度会商 (visits, due lists, meeting minutes), merged into the one contract. */
export const visitsContract = {
  'visits.list': method<VisitPage>()(visitList),
  /** With followUp, the visit and its problem are written in one transaction. */
  'visits.create': method<VisitView>()(visitCreate),
  'visits.update': method<VisitView>()(visitUpdate),
  /** The linked problem (if any) stays in the ledger. */
  'visits.delete': method<{ id: number }>()(byId),
  /** 本月应走访, one page, with the counts of the whole scope (issue 15 item 3). */
  'visits.due': method<VisitsDuePage>()(visitsDueInput),

  'meetings.list': method<MeetingSummary[]>()(meetingList),
  'meetings.get': method<MeetingDetail>()(byId),
  'meetings.save': method<MeetingDetail>()(meetingSave),
  'meetings.delete': method<{ id: number }>()(byId),
  /** 月度会商记录 as an A4 portrait .xlsx. */
  'meetings.export': method<FilePayload>()(byId),
} as const;
