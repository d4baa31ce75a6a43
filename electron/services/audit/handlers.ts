import type { auditContract } from '../../api/audit-contract';
import type { HandlersOf } from '../handler-type';
import { listAudit } from './audit';
import { auditHistory, auditOperators } from './history';

export const auditHandlers: HandlersOf<typeof auditContract> = {
  'audit.list': (ctx, input) => listAudit(ctx, input),
  'audit.history': (ctx, input) => auditHistory(ctx, input),
  'audit.operators': (ctx) => auditOperators(ctx),
};
