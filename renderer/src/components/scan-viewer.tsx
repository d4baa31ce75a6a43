import { Modal } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import type { FilePayload } from '../../../electron/api/roster-io-types';
import { PDF_TYPE, usePdfOpener } from './pdf-preview';

/**
 * Shows a stored scan (archive item, ledger attachment): a PDF through usePdfOpener, a JPG or
 * PNG in a window of its own titled `name` (default: the loaded file's name). Render `element`.
 */
export function useScanViewer(): {
  open: (
    mime: string,
    load: () => Promise<FilePayload | undefined>,
    name?: string,
  ) => Promise<void>;
  element: ReactNode;
} {
  const pdf = usePdfOpener();
  const [image, setImage] = useState<{ name: string; src: string } | null>(null);
  const { open: openPdf } = pdf;
  const open = useCallback(
    async (mime: string, load: () => Promise<FilePayload | undefined>, name?: string) => {
      if (mime === PDF_TYPE) {
        await openPdf(load);
        return;
      }
      const file = await load();
      if (!file) return;
      // The CSP allows blob: images (renderer/index.html, electron/main/policy.ts).
      const src = URL.createObjectURL(
        new Blob([file.data as Uint8Array<ArrayBuffer>], { type: mime }),
      );
      setImage((before) => {
        if (before) URL.revokeObjectURL(before.src);
        return { name: name ?? file.fileName, src };
      });
    },
    [openPdf],
  );
  const element = (
    <>
      {pdf.element}
      <Modal
        open={image !== null}
        title={image?.name}
        footer={null}
        width="80vw"
        onCancel={() =>
          setImage((before) => {
            if (before) URL.revokeObjectURL(before.src);
            return null;
          })
        }
      >
        {image && <img src={image.src} alt={image.name} style={{ maxWidth: '100%' }} />}
      </Modal>
    </>
  );
  return { open, element };
}
