import type { auditContract } from '../../api/audit-contract';
import type { HandlersOf } from '../handler-type';
import { listAudit } from './audit';

export const auditHandlers: HandlersOf<typeof auditContract> = {
  'audit.list': (ctx, input) => listAudit(ctx, input),
};
