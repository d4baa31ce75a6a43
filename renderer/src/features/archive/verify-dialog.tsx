import { Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { VerifyResult } from '../../../../electron/api/archive-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { PATH_HELP } from './archive-format';
import { VerifyResultView } from './verify-result-view';

interface Values {
  path: string;
}

/**
 * 校验: a package folder or .zip on this computer (ours just exported, or one received) is
 * re-hashed against its SHA256SUMS.txt; the result stays in the dialog, so another path can
 * be checked next.
 */
export function VerifyDialog({ path, onClose }: { path?: string; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<VerifyResult | null>(null);
  return (
    <FormDialog<Values, VerifyResult>
      form={form}
      name="archiveVerify"
      width={760}
      title="校验移交包"
      okText="校验"
      initialValues={{ path }}
      header={
        <Typography.Paragraph type="secondary">
          {'重新计算移交包中每个文件的 SHA-256，与包内的校验清单（SHA256SUMS.txt）逐一核对，' +
            '列出缺少、被改动和多出的文件，并核对目录、文件目录.XML 和电子档案的件数是否相符。'}
        </Typography.Paragraph>
      }
      save={({ path: typed }) => {
        setResult(null);
        return call('archive.verify', { path: typed.trim() });
      }}
      // The result speaks for itself below; a green toast would say 成功 even when it failed.
      success=""
      onSaved={setResult}
      onClose={onClose}
    >
      <Form.Item
        label="移交包的位置（文件夹或 .zip）"
        name="path"
        rules={[{ required: true, whitespace: true, message: '请填写移交包的位置' }]}
        extra={PATH_HELP}
      >
        <Input placeholder="例如 D:\移交包\2025" />
      </Form.Item>
      {result && <VerifyResultView result={result} />}
    </FormDialog>
  );
}
