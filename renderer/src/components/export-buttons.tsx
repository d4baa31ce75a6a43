import { DownloadOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import type { FilePayload } from '../../../electron/api/roster-io-types';
import { downloadFile } from '../api/files';
import { PDF_TYPE, usePdfOpener } from './pdf-preview';

/**
 * The three ways out of a report page, the same everywhere: 导出 Excel, 预览 PDF (opened before
 * printing) and 下载 PDF. `exportFile` makes the file (usually a background job through
 * useAction's run, which shows its error); `busy` disables them while it runs. Returns the
 * buttons and the preview's element, which the page renders once.
 */
export function useExportButtons(
  exportFile: (format: 'xlsx' | 'pdf') => Promise<FilePayload | undefined>,
  busy: boolean,
): { buttons: ReactNode; element: ReactNode } {
  const pdf = usePdfOpener();
  const download = async (format: 'xlsx' | 'pdf') => {
    const file = await exportFile(format);
    if (file) downloadFile(file, format === 'pdf' ? PDF_TYPE : undefined);
  };
  const buttons = (
    <>
      <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void download('xlsx')}>
        导出 Excel
      </Button>
      <Button
        icon={<FilePdfOutlined />}
        loading={busy}
        onClick={() => void pdf.open(() => exportFile('pdf'))}
      >
        预览 PDF
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download('pdf')}>
        下载 PDF
      </Button>
    </>
  );
  return { buttons, element: pdf.element };
}
