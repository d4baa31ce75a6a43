import { Alert, Checkbox, Modal, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import type { BackupCheck, RestoreResult } from '../../../../electron/api/backup-types';
import { call } from '../../api/client';
import { errorText } from '../../hooks/use-call';
import { BackupCheckView } from './backup-check-view';
import { lossTotal, RestoreLossView } from './restore-loss';

/** A backup that passed backup.check, with the password that opened it. */
export interface CheckedBackup {
  file: string;
  password?: string;
  check: BackupCheck;
}

/**
 * The step between 检查 and 恢复 (docs/domain.md §6): what the backup holds, what the current
 * data would lose, and — when it would lose anything — a box the clerk must tick before 恢复
 * is enabled. While the restore runs the dialog stays open and says so; its result goes to
 * `onRestored`.
 */
export function RestoreDialog({
  target,
  emptyData,
  onCancel,
  onRestored,
}: {
  target: CheckedBackup | null;
  /** First run: the data being replaced is an empty, new 台账. */
  emptyData?: boolean;
  onCancel: () => void;
  onRestored: (result: RestoreResult) => void;
}) {
  const [confirmed, setConfirmed] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<string>();
  const loss = target?.check.loss;
  const losing = loss ? lossTotal(loss) > 0 : false;

  const reset = () => {
    setConfirmed(false);
    setError(undefined);
  };

  const restore = async () => {
    if (!target) return;
    setRestoring(true);
    setError(undefined);
    try {
      const result = await call('backup.restore', {
        file: target.file,
        password: target.password,
      });
      reset();
      onRestored(result);
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setRestoring(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title="用这份备份恢复数据？"
      width={800}
      style={{ top: 24 }}
      // At 1366×768 the buttons stay on screen; a long list scrolls inside the dialog.
      styles={{ body: { maxHeight: 'calc(100vh - 170px)', overflowY: 'auto' } }}
      okText={restoring ? '正在恢复…' : '恢复'}
      okButtonProps={{ danger: true, disabled: losing && !confirmed, loading: restoring }}
      cancelText="不恢复"
      cancelButtonProps={{ disabled: restoring }}
      closable={!restoring}
      mask={{ closable: false }}
      keyboard={!restoring}
      onOk={() => void restore()}
      onCancel={() => {
        reset();
        onCancel();
      }}
      destroyOnHidden
    >
      {target && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {loss && <RestoreLossView loss={loss} emptyData={emptyData} />}
          <BackupCheckView check={target.check} />
          {losing && (
            <Checkbox
              checked={confirmed}
              disabled={restoring}
              onChange={(e) => setConfirmed(e.target.checked)}
            >
              我已看过上面的清单，知道恢复后这些数据会丢失，仍要恢复
            </Checkbox>
          )}
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {emptyData
              ? '恢复会把备份里的数据库和照片、附件、归档原件一起放进这台电脑的数据文件夹。'
              : '恢复会用这份备份替换现在的全部数据（数据库和照片、附件、归档原件）。恢复前，程序会先把现在的数据另存一份（备份列表里的「恢复前」），万一恢复错了还能换回来。'}
          </Typography.Paragraph>
          {restoring && (
            <Alert
              type="info"
              showIcon
              icon={<Spin size="small" />}
              title="正在恢复：核对备份里的每个文件，另存恢复前的数据，再换入备份的数据库和文件。请不要关闭程序。"
              data-testid="restore-progress"
            />
          )}
          {error && <Alert type="error" showIcon title={error} />}
        </Space>
      )}
    </Modal>
  );
}
