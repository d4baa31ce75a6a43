import { AuditOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { FeedbackImportResult } from '../../../../electron/api/review-types';
import { call } from '../../api/client';
import { fileBytes } from '../../api/files';
import { useAction } from '../../hooks/use-action';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';
import { ReviewFeedbackList } from './review-feedback-list';

/**
 * 「导入审核反馈包」 on the 问题台账 (docs/domain.md §11): the village reads the .zip its township
 * made of the 审核意见 on its records; each note then shows on its problem or household. The
 * result (how many new, which records were not found) stays in a dialog until it is read.
 * Not shown in a 乡镇汇总库, which writes such packages instead.
 */
export function ReviewFeedbackImport() {
  const workspace = useWorkspace();
  const { run, busy } = useAction();
  const [result, setResult] = useState<FeedbackImportResult | null>(null);
  if (workspace === undefined || isRollUpWorkspace(workspace)) return null;
  const pick = async (file: File) => {
    const done = await run(async () =>
      call('review.importFeedback', { fileName: file.name, data: await fileBytes(file) }),
    );
    if (done) setResult(done);
    // The file is sent here, not by antd's own upload.
    return false;
  };
  return (
    <>
      <Upload accept=".zip" showUploadList={false} beforeUpload={pick}>
        <Button icon={<AuditOutlined />} loading={busy}>
          导入审核反馈包
        </Button>
      </Upload>
      <ReviewFeedbackList />
      {result && (
        <Modal
          open
          title="导入审核反馈包"
          onCancel={() => setResult(null)}
          footer={
            <Button type="primary" onClick={() => setResult(null)}>
              知道了
            </Button>
          }
        >
          <Alert
            type={result.added > 0 ? 'success' : result.missing.length > 0 ? 'warning' : 'info'}
            showIcon
            title={result.message}
          />
          {result.added > 0 && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              意见显示在对应问题的详情和农户信息的「乡镇审核意见」中。
            </Typography.Paragraph>
          )}
        </Modal>
      )}
    </>
  );
}
