import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Electron fuses of the packaged app (issue 14 item 6). Installers are built on another
 * machine, so the test reads electron-builder.yml with electron-builder's own YAML parser and
 * runs electron-builder's own schema check on it: a misspelt fuse would be refused there, not
 * silently left at Electron's default.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const builder = createRequire(
  createRequire(import.meta.url).resolve('app-builder-lib/package.json'),
);
const yaml = builder('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builder('./out/util/config/config') as {
  validateConfiguration(
    config: unknown,
    logger: { isEnabled: boolean; add(key: string, value: unknown): void },
  ): Promise<void>;
};
const quiet = { isEnabled: false, add: () => undefined };

type Config = { electronFuses?: Record<string, boolean> } & Record<string, unknown>;
const config = yaml.load(
  fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
) as Config;

describe('Electron fuses in electron-builder.yml', () => {
  it.each([
    // Another program cannot run the app's binary as plain Node (ELECTRON_RUN_AS_NODE) …
    ['runAsNode', false],
    // … nor inject code through NODE_OPTIONS / NODE_EXTRA_CA_CERTS …
    ['enableNodeOptionsEnvironmentVariable', false],
    // … nor attach a debugger with --inspect or SIGUSR1.
    ['enableNodeCliInspectArguments', false],
    // The code comes from app.asar only, and the asar must match its embedded hash.
    ['onlyLoadAppFromAsar', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    // The UI is served from app:// (app-protocol.ts): file:// pages get no extra privileges.
    ['grantFileProtocolExtraPrivileges', false],
    // Chromium's cookie store encrypted with the OS key (the app sets no cookies; free to have).
    ['enableCookieEncryption', true],
  ])('sets %s to %s', (fuse, value) => {
    expect(config.electronFuses?.[fuse]).toBe(value);
  });

  it('passes electron-builder’s own configuration check', async () => {
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
  });

  it('would have a misspelt fuse refused, not ignored', async () => {
    const misspelt = structuredClone(config);
    misspelt.electronFuses = { ...misspelt.electronFuses, runAsNodee: false };
    await expect(validateConfiguration(misspelt, quiet)).rejects.toThrow(/electronFuses/);
  });

  it('keeps the asar archive the fuses check (better-sqlite3 alone unpacked)', () => {
    expect(config.asar ?? true).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**']);
  });
});
