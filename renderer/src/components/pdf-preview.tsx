import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FilePayload } from '../../../electron/api/roster-io-types';
import { showPdfWindow } from '../api/client';
import { downloadFile } from '../api/files';
import { errorText } from '../hooks/use-call';

export const PDF_TYPE = 'application/pdf';

function pdfBlobUrl(file: FilePayload): string {
  return URL.createObjectURL(new Blob([file.data as Uint8Array<ArrayBuffer>], { type: PDF_TYPE }));
}

/**
 * A PDF shown inside the app (the browser's viewer in a frame), with a download button. In the
 * Electron shell, where only the PDF window may load the viewer plugin, it offers the download.
 */
export function PdfPreview({ file, onClose }: { file: FilePayload; onClose: () => void }) {
  const url = useMemo(() => pdfBlobUrl(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <Modal
      open
      width="90vw"
      title={file.fileName}
      onCancel={onClose}
      footer={[
        <Button
          key="download"
          icon={<DownloadOutlined />}
          onClick={() => downloadFile(file, PDF_TYPE)}
        >
          下载 PDF
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          关闭
        </Button>,
      ]}
    >
      {showPdfWindow ? (
        // The Electron window has no plugins (only the PDF window has the viewer): say so.
        <Alert
          type="info"
          showIcon
          title="PDF 预览窗口没有打开，本窗口不能显示 PDF。请点「下载 PDF」保存后，用其他程序打开或打印。"
        />
      ) : (
        <iframe
          title={file.fileName}
          src={url}
          style={{ width: '100%', height: '75vh', border: 0 }}
        />
      )}
    </Modal>
  );
}

/**
 * Opens a PDF the services make. In the Electron shell: its PDF window (Chromium's viewer,
 * 打印 in the window's menu opens the system print dialog; electron/main/pdf-window.ts). In the
 * web host: a new tab through a blob: URL (the browser's own viewer, print and save). The tab
 * is opened at once, inside the click — a tab opened after waiting for the file counts as a
 * pop-up and is blocked — and pointed at the file when it arrives. Where neither can open, the
 * PDF is shown inside the app instead: render `element`.
 */
export function usePdfOpener(): {
  open: (load: () => Promise<FilePayload | undefined>) => Promise<void>;
  element: ReactNode;
} {
  const { message } = App.useApp();
  const [file, setFile] = useState<FilePayload | null>(null);
  const open = useCallback(
    async (load: () => Promise<FilePayload | undefined>) => {
      if (showPdfWindow) {
        const loaded = await load();
        if (!loaded) return;
        try {
          await showPdfWindow(loaded);
        } catch (reason) {
          // The window could not open (disk full, …): say why, and show it here instead.
          message.error(errorText(reason));
          setFile(loaded);
        }
        return;
      }
      const tab = window.open('', '_blank');
      if (tab) tab.document.title = '正在生成 PDF…';
      const loaded = await load();
      if (!loaded) {
        tab?.close();
        return;
      }
      if (!tab || tab.closed) {
        setFile(loaded);
        return;
      }
      const url = pdfBlobUrl(loaded);
      tab.location.href = url;
      // The tab holds its own copy once loaded; a minute is ample for that.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    [message],
  );
  const element = file ? <PdfPreview file={file} onClose={() => setFile(null)} /> : null;
  return { open, element };
}
