import type { securityContract } from '../../api/security-contract';
import type { HandlersOf } from '../handler-type';
import { removePassword, setPassword } from './password';

export const securityHandlers: HandlersOf<typeof securityContract> = {
  'security.setPassword': (ctx, input) => setPassword(ctx, input),
  'security.removePassword': (ctx, input) => removePassword(ctx, input),
};
