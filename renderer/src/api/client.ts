import {
  BRIDGE_KEY,
  CSRF_HEADER,
  LAUNCH_PARAM,
  type Bridge,
  type ChoosePathKind,
} from '../../../electron/api/bridge';
import type { MethodInput, MethodName, MethodResult } from '../../../electron/api/contract';
import type { ApiErrorShape, Envelope, ErrorCode, FieldError } from '../../../electron/api/errors';
import {
  decodeFrame,
  encodeFrame,
  FRAME_CONTENT_TYPE,
  holdsBytes,
} from '../../../electron/api/frame';
import type { FilePayload } from '../../../electron/api/roster-io-types';
import { afterChange } from './query-client';

/** An error from any door, with the Chinese message to show as is. */
export class ApiError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The bad fields of a VALIDATION error, for the form to show under each. */
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The web host: the page holds no secret. The one-time launch link that opened it gave the
 * browser an HttpOnly session cookie, which every same-origin call carries; CSRF_HEADER marks the
 * call as this page's. The spent code leaves the address bar, so a bookmark or a copied address
 * does not carry it.
 */
function webBridge(): Bridge {
  const here = new URL(window.location.href);
  if (here.searchParams.has(LAUNCH_PARAM)) {
    here.searchParams.delete(LAUNCH_PARAM);
    window.history.replaceState(
      window.history.state,
      '',
      `${here.pathname}${here.search}${here.hash}`,
    );
  }
  return {
    async call(method, input) {
      let response: Response;
      // A file's bytes go up as they are, in one frame (api/frame.ts); other calls as JSON.
      const binary = holdsBytes(input);
      try {
        response = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'content-type': binary ? FRAME_CONTENT_TYPE : 'application/json',
            [CSRF_HEADER]: '1',
          },
          body: binary
            ? (encodeFrame(input) as Uint8Array<ArrayBuffer>)
            : JSON.stringify(input ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: '连接不上本机服务，请确认程序仍在运行后刷新页面。' },
        };
      }
      try {
        // An answer holding a file (an export, a PDF) comes back as a frame of bytes.
        if (response.headers.get('content-type') === FRAME_CONTENT_TYPE) {
          return decodeFrame(new Uint8Array(await response.arrayBuffer())) as Envelope<unknown>;
        }
        return (await response.json()) as Envelope<unknown>;
      } catch {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `本机服务返回了无法识别的内容（${response.status}）。`,
          },
        };
      }
    },
  };
}

const bridge: Bridge =
  (window as unknown as Record<string, Bridge | undefined>)[BRIDGE_KEY] ?? webBridge();

/** One call through the door, with no effect on the query cache (useCall's reads). */
export async function callRead(method: MethodName, input: unknown): Promise<unknown> {
  const envelope = await bridge.call(method, input ?? {});
  if (!envelope.ok) {
    throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.fields);
  }
  return envelope.result;
}

/**
 * Calls one contract method through whichever door this page has (IPC or web host). A change
 * then refreshes every view showing what it changed (the query cache, query-client.ts).
 */
export async function call<M extends MethodName>(
  method: M,
  ...args: undefined extends MethodInput<M> ? [input?: MethodInput<M>] : [input: MethodInput<M>]
): Promise<MethodResult<M>> {
  const result = await callRead(method, args[0]);
  afterChange(method);
  return result as MethodResult<M>;
}

/**
 * The Electron shell's PDF window (Chromium's viewer with 打印), or null where the page has
 * no such door (the web host: PDFs open in a browser tab instead).
 */
export const showPdfWindow: ((file: FilePayload) => Promise<void>) | null = bridge.showPdf
  ? async (file) => {
      // The bytes cross as they are; electron/main/pdf-window.ts checks they are a PDF.
      const envelope = await bridge.showPdf!(file.fileName, file.data);
      if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
    }
  : null;

/**
 * The Electron shell's open dialog (a folder for a backup, a backup file to restore), or null
 * in the web host, where the page asks for a typed path instead. Resolves to null on cancel.
 */
export const choosePath: ((kind: ChoosePathKind) => Promise<string | null>) | null =
  bridge.choosePath
    ? async (kind) => {
        const envelope = await bridge.choosePath!(kind);
        if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
        return envelope.result;
      }
    : null;
