import type { FilePayload } from '../../../electron/api/roster-io-types';

/** Saves a file the service produced (xlsx, pdf …) through the browser's download. */
export function downloadFile(
  file: FilePayload,
  type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
): void {
  const url = URL.createObjectURL(new Blob([file.data as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A picked file's bytes, as they cross the API (no base64: issue 15 item 4). */
export async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}
