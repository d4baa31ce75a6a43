/**
 * Pure policy shared by the Electron shell and the web host: the CSP and the URL checks.
 * No Electron import, so the web host and Vitest use it directly.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd writes its CSS-in-JS into <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // PDF previews (月通报, scanned attachments) shown in the app as blob: URLs the page made.
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** External links open in the system browser only when they are plain http(s). */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/** Longer addresses are refused: nothing the app links to is this long, and the dialog must show it whole. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** The dialog before the system browser opens a link: 打开 is button 0, 取消 (the default) 1. */
export interface ExternalLinkPrompt {
  type: 'question';
  title: string;
  message: string;
  detail: string;
  buttons: [string, string];
  defaultId: 1;
  cancelId: 1;
  noLink: true;
}
export const OPEN_LINK_BUTTON = 0;

export type ExternalLinkDecision =
  { action: 'ask'; url: string; prompt: ExternalLinkPrompt } | { action: 'refuse' };

/**
 * What happens to a link that would leave the app (a window.open, a click that navigates): a
 * plain http(s) address is shown to the clerk, whole and as the browser will read it (a
 * non-Latin host name in its xn-- form, so a look-alike address shows as what it is), and
 * opens in the system browser only after 打开; everything else is refused without asking.
 */
export function externalLinkDecision(raw: string): ExternalLinkDecision {
  if (raw.length > MAX_EXTERNAL_URL_LENGTH || !isSafeExternalUrl(raw)) return { action: 'refuse' };
  const url = new URL(raw);
  return {
    action: 'ask',
    url: url.href,
    prompt: {
      type: 'question',
      title: '打开外部网址',
      message: `要用系统浏览器打开这个网址吗？\n${url.href}`,
      detail:
        `网站：${url.host}\n` +
        (url.protocol === 'http:' ? '这是未加密的 http 网址。\n' : '') +
        '台账里的数据不会发给这个网站。请确认网址是您要去的，再点「打开」。',
      buttons: ['打开', '取消'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    },
  };
}
