import { Alert, Checkbox, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ExportResult } from '../../../../electron/api/archive-types';
import { call } from '../../api/client';
import { FormDialog } from '../../components/form-dialog';
import { PATH_HELP } from './archive-format';

interface Values {
  folder?: string;
  zip: boolean;
}

/** Seconds since `start()`, counted every second until `stop()`. */
function useElapsed() {
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return {
    running: startedAt !== null,
    seconds: startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000)),
    start: () => {
      setStartedAt(Date.now());
      setNow(Date.now());
    },
    stop: () => setStartedAt(null),
  };
}

/**
 * 导出移交包 of a year (docs/domain.md §6, 档发〔2012〕7号 practice): 说明文件, 文件目录.XML, the
 * catalogue as xlsx and PDF, 电子档案 with the 归档章 on each first page, box labels and the
 * SHA-256 manifest; optionally a .zip beside it. One call that returns when the package is
 * complete, so the dialog stays busy with the time taken so far.
 */
export function ExportForm({
  year,
  items,
  onClose,
  onSaved,
}: {
  year: number;
  items: number;
  onClose: () => void;
  onSaved: (result: ExportResult) => void;
}) {
  const [form] = Form.useForm<Values>();
  const { running, seconds: elapsed, start, stop } = useElapsed();

  const save = async (values: Values) => {
    start();
    try {
      const folder = values.folder?.trim();
      return await call('archive.export', { year, zip: values.zip, ...(folder ? { folder } : {}) });
    } finally {
      stop();
    }
  };

  return (
    <FormDialog<Values, ExportResult>
      form={form}
      name="archiveExport"
      width={640}
      title={`导出 ${year} 年度移交包`}
      okText="导出"
      initialValues={{ zip: false }}
      header={
        running ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`正在导出 ${items} 件……已用 ${elapsed} 秒`}
            description="每件加盖归档章、计算 SHA-256，文件多时需要几分钟，请不要关闭程序。"
          />
        ) : (
          <Typography.Paragraph type="secondary">
            {'移交包含说明文件.TXT、文件目录.XML、归档文件目录（xlsx 和 PDF）、' +
              '电子档案（每件首页加盖归档章，原件不变）、盒脊和备考表，以及全部文件的 SHA-256 校验清单。' +
              `本年度共 ${items} 件。`}
          </Typography.Paragraph>
        )
      }
      save={save}
      success={`${year} 年度移交包已导出`}
      onSaved={onSaved}
      onClose={onClose}
    >
      <Form.Item
        label="导出到"
        name="folder"
        extra={`移交包是一个以全宗号和年度命名的文件夹，建在这个位置下；不填则放在数据文件夹的 exports 下。移交包不加密（对方不用本程序也能打开）：数据库设了密码时，请填写数据文件夹以外的位置（如 U 盘），导出的文件请妥善保管。${PATH_HELP}`}
      >
        <Input placeholder="例如 D:\移交包" disabled={running} />
      </Form.Item>
      <Form.Item name="zip" valuePropName="checked">
        <Checkbox disabled={running}>同时打包为 .zip 文件（便于拷贝和发送）</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}
