import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRODUCT_NAME } from './system/app-info';

export const DATA_DIR_ENV = 'VILLAGE_LEDGER_DATA_DIR';

/**
 * The data folder for the CLI and the web host: $VILLAGE_LEDGER_DATA_DIR, else the same folder
 * Electron's app.getPath('userData') gives, so all three doors share one database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[DATA_DIR_ENV]) return path.resolve(env[DATA_DIR_ENV]);
  const home = os.homedir();
  const appData =
    process.platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(appData, PRODUCT_NAME);
}

/** Modes of what the app creates in the data folder: the user only (issue 14 item 5). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/**
 * Makes the data folder readable by the user only. Everything in it (the database and its
 * journals, which SQLite creates itself, backups, photos, documents) holds personal data, and
 * on a shared PC another local account could otherwise read it: issue 14 found the folder
 * created 0755 with files 0644.
 *
 * - The process umask becomes 077, so every file and folder this process creates from now on
 *   (by fs calls here, by SQLite, by exceljs or pdfkit streams) is 0600/0700 without each call
 *   site having to say so; writeWhole() and the file vault give the modes explicitly as well.
 * - The folder is created 0700. In an existing one only what the app itself keeps there is
 *   tightened (APP_ENTRIES: its folders recursively to 0700/0600, its own files to 0600), and
 *   the folder itself only when it holds nothing else: a folder chosen by hand (`--db` beside
 *   other files, a home folder) keeps its other files and their modes, exec bits included.
 *   Symbolic links are left alone, never followed.
 *
 * On Windows POSIX modes do not exist (chmod only sets the read-only flag): the data folder
 * lies in the user's profile (%APPDATA%), whose ACL already grants access to that user, the
 * administrators and SYSTEM only. Nothing is changed there.
 */
/**
 * What the app keeps at the top of a data folder: its folders (documents, archive, photos,
 * attachments, imports, exports, backups, logs, tmp) and its own files (the database and the
 * journals SQLite makes beside it, the issued numbers, unlock attempts, the vault's salt and
 * rekey journal, the web host's token and launch page). A name the app adds must be added here.
 */
export const APP_FOLDERS = [
  'documents',
  'archive',
  'photos',
  'attachments',
  'imports',
  'exports',
  'backups',
  'logs',
  'tmp',
] as const;

export function isAppEntry(name: string): boolean {
  return (
    (APP_FOLDERS as readonly string[]).includes(name) ||
    /^village-ledger\.db(-wal|-shm|-journal)?$/.test(name) ||
    /^(issued-numbers|unlock-attempts|file-rekey|web-host-token)\.json$/.test(name) ||
    name === 'web-host-launch.html' ||
    name.startsWith('file-vault-salt') ||
    // Temporary names the app writes its own files under (writeWhole, the database swap).
    /^village-ledger\.db\./.test(name) ||
    /\.(partial|rekey)$/.test(name)
  );
}

export function secureDataDir(dataDir: string): { tightened: number } {
  if (!POSIX) {
    fs.mkdirSync(dataDir, { recursive: true });
    return { tightened: 0 };
  }
  try {
    process.umask(0o077);
  } catch {
    /* a worker thread may not change the umask; the explicit modes below still apply */
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  let tightened = 0;
  const tighten = (file: string, stat: fs.Stats, mode: number) => {
    if ((stat.mode & 0o777) === mode) return;
    try {
      fs.chmodSync(file, mode);
      tightened += 1;
    } catch {
      /* a file owned by someone else (copied in as root): left as it is */
    }
  };
  /** One folder or file: tightened, a folder with all it holds; a link is never followed. */
  const visit = (dir: string, entry: fs.Dirent) => {
    if (entry.isSymbolicLink()) return;
    const file = path.join(dir, entry.name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      tighten(file, stat, PRIVATE_DIR_MODE);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(file, { withFileTypes: true });
      } catch {
        return;
      }
      for (const child of entries) visit(file, child);
    } else if (stat.isFile()) {
      tighten(file, stat, PRIVATE_FILE_MODE);
    }
  };
  let foreign = false;
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (isAppEntry(entry.name)) visit(dataDir, entry);
    else foreign = true;
  }
  if (!foreign) tighten(dataDir, fs.statSync(dataDir), PRIVATE_DIR_MODE);
  return { tightened };
}
