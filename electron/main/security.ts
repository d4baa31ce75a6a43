import {
  app,
  BrowserWindow,
  dialog,
  protocol,
  session,
  shell,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { CONTENT_SECURITY_POLICY, externalLinkDecision, OPEN_LINK_BUTTON } from './policy';

/**
 * All of the app's hardening in one place, applied once at start-up (Electron security
 * checklist): isolated, sandboxed renderers without Node; the UI from app:// (app-protocol.ts);
 * no new windows, no navigation away, no permissions; external links only http(s), only in the
 * system browser and only after the clerk has seen the address and said 打开.
 */

/**
 * `preload` is left out for windows that need no bridge (the PDF window, pdf-window.ts).
 * `plugins` is for the PDF window alone: Chromium's PDF viewer is a plugin in Electron.
 */
export function secureWebPreferences(
  preload?: string,
  { plugins = false }: { plugins?: boolean } = {},
): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Chromium's built-in PDF viewer (the preview before every print: 月通报, notices, cards)
    // is a plugin in Electron: on in the PDF window only (issue 14 item 6), so the main
    // window, which runs the app's scripts and holds the bridge, embeds no plugin at all.
    plugins,
  };
}

/** One question at a time: a page cannot stack dialogs by opening links in a loop. */
let asking = false;

/**
 * Opens a link in the system browser once externalLinkDecision() allows it and the clerk,
 * shown the address (policy.ts), chose 打开. Anything else is dropped without a dialog.
 */
export async function openExternal(url: string, from?: WebContents): Promise<void> {
  const decision = externalLinkDecision(url);
  if (decision.action !== 'ask' || asking) return;
  asking = true;
  try {
    const parent = from ? BrowserWindow.fromWebContents(from) : null;
    const { response } = parent
      ? await dialog.showMessageBox(parent, decision.prompt)
      : await dialog.showMessageBox(decision.prompt);
    if (response === OPEN_LINK_BUTTON) await shell.openExternal(decision.url);
  } finally {
    asking = false;
  }
}

/**
 * Registers app:// (app-protocol.ts): its privileges now (Electron takes them only before
 * the app is ready), and once ready the handler that serves `rendererDir` and nothing else.
 */
export function registerAppProtocol(rendererDir: string): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
  });
}

/**
 * `isPdfFile` names the PDF files the app itself wrote for its PDF window: they get no app
 * CSP, because Chromium shows a full-page PDF through an <embed> in a generated page, which
 * the app's `object-src 'none'` can block (recent Electron applies these headers to file://
 * as well). app:// answers carry the CSP themselves (app-protocol.ts). They are our own pdfkit output, shown in a window without preload or Node;
 * everything else keeps the header.
 */
export function hardenApp(
  isAppUrl: (url: string) => boolean,
  isPdfFile: (url: string) => boolean = () => false,
): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      void openExternal(url, contents);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) {
        event.preventDefault();
        void openExternal(url, contents);
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.webRequest.onHeadersReceived((details, callback) => {
      if (isPdfFile(details.url)) {
        callback({});
        return;
      }
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      });
    });
  });
}
