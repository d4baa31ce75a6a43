import { z } from 'zod';
import { method } from './method';
import type { AuditEntry } from './types';

/** The audit trail: every write with who, when, before and after. */
export const auditContract = {
  'audit.list': method<AuditEntry[]>()(
    z.strictObject({
      entity: z.string().max(40).optional(),
      entityId: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  ),
} as const;
