import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV, defaultDataDir } from '../../electron/services/data-dir';
import { PRODUCT_NAME } from '../../electron/services/system/app-info';

describe('defaultDataDir', () => {
  it('uses $VILLAGE_LEDGER_DATA_DIR first, as an absolute path', () => {
    expect(DATA_DIR_ENV).toBe('VILLAGE_LEDGER_DATA_DIR');
    expect(defaultDataDir({ VILLAGE_LEDGER_DATA_DIR: '/srv/ledger' })).toBe(
      path.resolve('/srv/ledger'),
    );
    expect(defaultDataDir({ VILLAGE_LEDGER_DATA_DIR: 'relative/data' })).toBe(
      path.resolve('relative/data'),
    );
  });

  it('ends in the product name, like Electron’s userData folder', () => {
    expect(PRODUCT_NAME).toBe('村级网格台账');
    expect(path.basename(defaultDataDir({}))).toBe(PRODUCT_NAME);
  });

  it.runIf(process.platform === 'linux')('follows XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/config' })).toBe(
      path.join('/x/config', PRODUCT_NAME),
    );
    expect(defaultDataDir({})).toBe(path.join(os.homedir(), '.config', PRODUCT_NAME));
  });
});
