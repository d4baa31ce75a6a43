import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../electron/main/policy';

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
