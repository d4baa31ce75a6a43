import { app, session, shell, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from './policy';

/**
 * All of the app's hardening in one place, applied once at start-up (Electron security
 * checklist): isolated, sandboxed renderers without Node; no new windows, no navigation away,
 * no permissions; external links only http(s) and only in the system browser.
 */

/** `preload` is left out for windows that need no bridge (the PDF window, pdf-window.ts). */
export function secureWebPreferences(preload?: string): WebPreferences {
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
    // Chromium's built-in PDF viewer (the preview before every print: 月通报, notices,
    // cards) is a plugin in Electron; Electron loads no other plugins, and the CSP still
    // keeps object-src 'none', so only PDFs the page itself made (blob: frames) can show.
    plugins: true,
  };
}

/** Opens a link in the system browser after the one validator has approved it. */
export function openExternal(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/**
 * `isPdfFile` names the PDF files the app itself wrote for its PDF window: they get no app
 * CSP, because Chromium shows a full-page PDF through an <embed> in a generated page, which
 * the app's `object-src 'none'` can block (recent Electron applies these headers to file://
 * as well). They are our own pdfkit output, shown in a window without preload or Node;
 * everything else keeps the header.
 */
export function hardenApp(
  isAppUrl: (url: string) => boolean,
  isPdfFile: (url: string) => boolean = () => false,
): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) {
        event.preventDefault();
        openExternal(url);
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
