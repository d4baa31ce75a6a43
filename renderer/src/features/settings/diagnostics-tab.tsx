import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { errorText, useCall } from '../../hooks/use-call';

const ZIP_TYPE = 'application/zip';

/** A folder inside the data folder, in the data folder's own slash style (Windows: \). */
const inside = (dataDir: string, name: string) =>
  `${dataDir.replace(/[\\/]+$/, '')}${dataDir.includes('\\') ? '\\' : '/'}${name}`;

/**
 * 导出诊断信息 (issue #7): one .zip the clerk sends to the maintainer when something goes
 * wrong, saying plainly what is in it and that no one's personal data is.
 */
export function DiagnosticsTab() {
  const { message } = App.useApp();
  const info = useCall('app.info');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const exportBundle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const file = await call('diagnostics.export', {});
      downloadFile(file, ZIP_TYPE);
      message.success(`已导出 ${file.fileName}`);
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Card title="导出诊断信息" style={{ maxWidth: 720, marginBottom: 16 }}>
        <Typography.Paragraph>
          程序出错或运行不正常时，导出诊断信息，把得到的压缩包（诊断信息-日期-时间.zip）
          发给维护人员，便于查找原因。
        </Typography.Paragraph>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="不含身份证号、电话、姓名等个人信息"
          description="诊断包不含任何农户、成员、网格员的姓名、身份证号、电话、住址和银行卡号，也不含操作员名单和监督电话；日志在写入和导出时都已隐去身份证号、手机号、电话和银行卡号。"
        />
        <Typography.Paragraph strong>诊断包里有：</Typography.Paragraph>
        <ul>
          <li>程序版本、数据库结构版本，Node.js、Electron、Chromium 和 SQLite 的版本</li>
          <li>电脑的系统、处理器、内存和运行时间</li>
          <li>数据库文件大小、是否加密、完整性检查结果，各表的记录条数（只有条数）</li>
          <li>设置（不含操作员和监督电话）和备份文件清单（文件名和大小）</li>
          <li>程序日志（最近的 6 个日志文件）</li>
        </ul>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={busy}
          onClick={() => void exportBundle()}
        >
          导出诊断信息
        </Button>
      </Card>
      <Card title="日志文件" style={{ maxWidth: 720 }}>
        <Typography.Paragraph>
          程序把运行情况和出错信息记在数据文件夹的 logs 文件夹里。日志超过 1 MB
          时换一个新文件，旧的保留最近 5 个（village-ledger.1.log 最新，village-ledger.5.log
          最旧）。
        </Typography.Paragraph>
        {info.data && (
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'folder',
                label: '日志文件夹',
                children: (
                  <Typography.Text copyable>{inside(info.data.dataDir, 'logs')}</Typography.Text>
                ),
              },
              { key: 'file', label: '当前日志', children: 'village-ledger.log' },
            ]}
          />
        )}
      </Card>
    </>
  );
}
