import { describe, expect, it } from 'vitest';
import {
  externalLinkDecision,
  isSafeExternalUrl,
  MAX_EXTERNAL_URL_LENGTH,
  OPEN_LINK_BUTTON,
} from '../../electron/main/policy';

describe('external link validator', () => {
  it.each(['https://www.gov.cn/', 'http://example.org/a?b=1'])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pass@example.org/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('external link decision (the dialog before the system browser)', () => {
  it('asks about an https link, showing the whole address and its site', () => {
    const decision = externalLinkDecision('https://www.gov.cn/zhengce/content/2026-01/01.htm?a=1');
    expect(decision.action).toBe('ask');
    if (decision.action !== 'ask') return;
    expect(decision.url).toBe('https://www.gov.cn/zhengce/content/2026-01/01.htm?a=1');
    expect(decision.prompt.message).toContain(decision.url);
    expect(decision.prompt.detail).toContain('网站：www.gov.cn');
    expect(decision.prompt.detail).not.toContain('未加密');
    expect(decision.prompt.buttons[OPEN_LINK_BUTTON]).toBe('打开');
    // Enter or Esc cancels: opening needs a deliberate click.
    expect(decision.prompt.defaultId).toBe(1);
    expect(decision.prompt.cancelId).toBe(1);
  });

  it('says that an http link is not encrypted', () => {
    const decision = externalLinkDecision('http://example.org/');
    expect(decision.action === 'ask' && decision.prompt.detail).toContain('未加密的 http 网址');
  });

  it('shows a look-alike host name as the browser will read it (xn--)', () => {
    // A Cyrillic "с" in place of the Latin "c".
    const decision = externalLinkDecision('https://www.gov.\u0441n/');
    expect(decision.action).toBe('ask');
    if (decision.action !== 'ask') return;
    expect(decision.url).toMatch(/^https:\/\/www\.gov\.xn--/);
    expect(decision.prompt.message).toContain('xn--');
  });

  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id',
    'app://ledger/index.html',
    'https://user:pass@example.org/',
    `https://example.org/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`,
    '',
  ])('refuses %s without asking', (url) => {
    expect(externalLinkDecision(url)).toEqual({ action: 'refuse' });
  });
});
