import type { visitsContract } from '../../api/visits-contract';
import type { HandlersOf } from '../handler-type';
import { visitsDuePage } from './due';
import { deleteMeeting, exportMeeting, getMeeting, listMeetings, saveMeeting } from './meetings';
import { createVisit, deleteVisit, listVisits, updateVisit } from './visits';

/** Every method of the visits contract, bound to its service function. */
export const visitsHandlers: HandlersOf<typeof visitsContract> = {
  'visits.list': (ctx, input) => listVisits(ctx, input),
  'visits.create': (ctx, input) => createVisit(ctx, input),
  'visits.update': (ctx, input) => updateVisit(ctx, input),
  'visits.delete': (ctx, input) => deleteVisit(ctx, input.id),
  'visits.due': (ctx, input) => visitsDuePage(ctx, input),
  'meetings.list': (ctx, input) => listMeetings(ctx, input),
  'meetings.get': (ctx, input) => getMeeting(ctx, input.id),
  'meetings.save': (ctx, input) => saveMeeting(ctx, input),
  'meetings.delete': (ctx, input) => deleteMeeting(ctx, input.id),
  'meetings.export': (ctx, input) => exportMeeting(ctx, input.id),
};
