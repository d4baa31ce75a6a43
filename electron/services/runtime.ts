import path from 'node:path';
import { DATABASE_FILE_NAME, openDatabase, type OpenedDatabase } from '../../db/open';
import type { ServiceContext } from './context';
import { secureDataDir } from './data-dir';
import { finishFileRekey, removePlainLeftovers } from './security/files';

export interface Runtime {
  ctx: ServiceContext;
  database: OpenedDatabase;
  close(): void;
}

export interface RuntimeOptions {
  /** The data folder; the database is <dataDir>/village-ledger.db unless `databaseFile` is given. */
  dataDir: string;
  databaseFile?: string;
  migrationsFolder: string;
  operator?: string;
  /** The database password, when the file is encrypted. */
  key?: string | null;
  now?: () => Date;
}

/** Opens the database of a data folder and builds the service context every door shares. */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const file = options.databaseFile ?? path.join(options.dataDir, DATABASE_FILE_NAME);
  const now = options.now ?? (() => new Date());
  // Before SQLite creates anything: the folder and what is made in it are the user's only.
  secureDataDir(options.dataDir);
  const database = await openDatabase({
    file,
    migrationsFolder: options.migrationsFolder,
    backupsDir: path.join(options.dataDir, 'backups'),
    key: options.key ?? null,
    now,
  });
  // A password change cut off by a crash: its files follow the key the database opened with.
  finishFileRekey(options.dataDir, options.key ?? null);
  removePlainLeftovers(options.dataDir);
  const ctx: ServiceContext = {
    db: database.db,
    sqlite: database.sqlite,
    dataDir: options.dataDir,
    databaseFile: file,
    schemaVersion: database.schemaVersion,
    migrationsFolder: options.migrationsFolder,
    operator: options.operator ?? '未指定',
    now,
  };
  return { ctx, database, close: () => database.close() };
}
