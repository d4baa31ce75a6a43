import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Typography } from 'antd';
import type { ExportResult } from '../../../../electron/api/archive-types';
import { fileSize } from './archive-format';

/**
 * How an export ended: where the package folder (and .zip) is on this computer, what it
 * holds, 校验 of that very folder, and 下载 .zip — in the browser (web host) the folder is on
 * the PC running the program, so the clerk can also take the package as a download.
 */
export function ExportResultPanel({
  year,
  result,
  downloading,
  onVerify,
  onDownload,
  onClose,
}: {
  year: number;
  result: ExportResult;
  downloading: boolean;
  onVerify: (path: string) => void;
  onDownload: () => void;
  onClose: () => void;
}) {
  return (
    <Alert
      type="success"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 12 }}
      aria-label="导出结果"
      title={`已导出 ${year} 年度移交包：${result.items} 件，${result.files} 个文件（${fileSize(result.bytes)}），用时 ${(result.millis / 1000).toFixed(1)} 秒`}
      description={
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'folder',
                label: '文件夹',
                children: (
                  <Typography.Text copyable aria-label="移交包文件夹">
                    {result.folder}
                  </Typography.Text>
                ),
              },
              ...(result.zipFile
                ? [
                    {
                      key: 'zip',
                      label: '.zip 文件',
                      children: <Typography.Text copyable>{result.zipFile}</Typography.Text>,
                    },
                  ]
                : []),
            ]}
          />
          <Space wrap style={{ marginTop: 8 }}>
            <Button
              size="small"
              icon={<SafetyCertificateOutlined />}
              onClick={() => onVerify(result.folder)}
            >
              校验这个移交包
            </Button>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={onDownload}
            >
              下载 .zip
            </Button>
          </Space>
        </>
      }
    />
  );
}
