import type { backupContract } from '../../api/backup-contract';
import { AppError } from '../../api/errors';
import type { HandlersOf } from '../handler-type';

// Placeholder until the backup service is written in this issue (#7); replaced, not shipped.
const todo = (): never => {
  throw new AppError('INTERNAL', '备份功能尚未完成');
};

export const backupHandlers: HandlersOf<typeof backupContract> = {
  'backup.list': todo,
  'backup.start': todo,
  'backup.status': todo,
  'backup.check': todo,
  'backup.restore': todo,
};
