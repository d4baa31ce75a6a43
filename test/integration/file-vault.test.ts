import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../electron/api/archive-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import {
  FileVault,
  renewFolderSalt,
  VAULT_MAGIC,
  VAULT_OVERHEAD,
  VAULT_SALT_FILE,
} from '../../electron/documents/vault';
import { storeDir, storeObject } from '../../electron/services/backup/store';
import { openWholeBackup } from '../../electron/services/backup/whole-read';
import { backupTo, wholeBackupOfKind } from '../../electron/services/backup/write';
import { secureDataDir } from '../../electron/services/data-dir';
import { seedDemo } from '../../electron/services/demo/demo';
import { finishFileRekey, vaultFiles } from '../../electron/services/security/files';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { PNG_BYTES } from '../fixtures/ledger';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { call, failure } from '../fixtures/village';
import { runCli } from '../../electron/cli/commands';

// Issue 14 item 5: with a database password the files of the data folder were plain although
// the screen said copied files could not be opened, and the folder was created 0755/0644.

const PASSWORD = '村委会-2026';
const NEW_PASSWORD = '换一个密码-654321';
const posix = process.platform !== 'win32';

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

function pdfText(dir: string, payload: FilePayload): string {
  const target = path.join(dir, `check-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(target, Buffer.from(payload.data));
  return execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
}

/** Every file and folder under `dir` (absolute paths), symbolic links left out. */
function everything(dir: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        dirs.push(full);
        walk(full);
      } else if (entry.isFile()) files.push(full);
    }
  };
  walk(dir);
  return { files, dirs };
}

/** The rows' files with their recorded plain SHA-256s. */
function recorded(runtime: TestRuntime): { file: string; sha256: string }[] {
  const sqlite = runtime.session.ctx.sqlite;
  return [
    ...(sqlite.prepare('SELECT file, sha256 FROM documents').all() as {
      file: string;
      sha256: string;
    }[]),
    ...(sqlite.prepare('SELECT file, sha256 FROM archive_items WHERE file IS NOT NULL').all() as {
      file: string;
      sha256: string;
    }[]),
    ...(sqlite.prepare('SELECT stored_file AS file, sha256 FROM problem_attachments').all() as {
      file: string;
      sha256: string;
    }[]),
  ];
}

describe('data folder modes (0700 folders, 0600 files)', () => {
  it.runIf(posix)('a new data folder and all the app makes in it are the user’s only', async () => {
    const runtime = await openTestRuntime();
    try {
      const ctx = runtime.session.ctx;
      await call(ctx, 'setup.createVillage', {
        county: '石门县',
        township: '柳湾镇',
        village: '杨柳村',
        groups: ['一组'],
      });
      const { files, dirs } = everything(runtime.dir);
      expect(files.length).toBeGreaterThan(0);
      expect(modeOf(runtime.dir)).toBe(0o700);
      for (const dir of dirs) expect([dir, modeOf(dir)]).toEqual([dir, 0o700]);
      for (const file of files) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      runtime.cleanup();
    }
  });

  it.runIf(posix)('an existing loose folder is tightened when it is opened', async () => {
    const temp = makeTempDir();
    try {
      const old = path.join(temp.dir, 'old-data');
      fs.mkdirSync(path.join(old, 'photos'), { recursive: true, mode: 0o755 });
      fs.chmodSync(old, 0o755);
      fs.chmodSync(path.join(old, 'photos'), 0o755);
      fs.writeFileSync(path.join(old, 'photos', 'worker-1.png'), PNG_BYTES, { mode: 0o644 });
      fs.chmodSync(path.join(old, 'photos', 'worker-1.png'), 0o644);
      const session = await new AppSession({
        dataDir: old,
        migrationsFolder: MIGRATIONS_FOLDER,
        operator: '测试员',
      }).open();
      session.close();
      expect(modeOf(old)).toBe(0o700);
      expect(modeOf(path.join(old, 'photos'))).toBe(0o700);
      expect(modeOf(path.join(old, 'photos', 'worker-1.png'))).toBe(0o600);
      expect(modeOf(path.join(old, 'village-ledger.db'))).toBe(0o600);
      // A second open has nothing left to tighten.
      expect(secureDataDir(old).tightened).toBe(0);
    } finally {
      temp.cleanup();
    }
  });
});

describe('the file vault: with a database password every personal file is sealed', () => {
  let runtime: TestRuntime;
  let scratch: string;
  const ctx = () => runtime.session.ctx;
  let workerId: number;
  let attachmentId: number;
  let noticeId: number;
  let archiveItemId: number;
  let year: number;
  let plainBackup: string;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    scratch = makeTempDir('vl-vault-').dir;
    await seedDemo(ctx(), { size: 'village', seed: 5 });
    workerId = (
      ctx().sqlite.prepare('SELECT id FROM workers ORDER BY id LIMIT 1').get() as { id: number }
    ).id;
    await call(ctx(), 'workers.setPhoto', {
      id: workerId,
      data: PNG_BYTES,
    });
    const problem = ctx().sqlite.prepare('SELECT id FROM problems ORDER BY id LIMIT 1').get() as {
      id: number;
    };
    await call(ctx(), 'problems.addAttachment', {
      problemId: problem.id,
      fileName: '入户照片.png',
      data: Buffer.concat([PNG_BYTES, Buffer.from('scan-7')]),
    });
    attachmentId = (
      ctx().sqlite.prepare('SELECT id FROM problem_attachments ORDER BY id LIMIT 1').get() as {
        id: number;
      }
    ).id;
    noticeId = (
      ctx()
        .sqlite.prepare('SELECT id FROM notices WHERE document_id IS NOT NULL ORDER BY id LIMIT 1')
        .get() as { id: number }
    ).id;
    const item = ctx()
      .sqlite.prepare(`SELECT id, year FROM archive_items WHERE format = 'pdf' ORDER BY id LIMIT 1`)
      .get() as { id: number; year: number };
    archiveItemId = item.id;
    year = item.year;
    // Another village's package, imported before the password: sealed when it is set.
    const exported = await call<ExportResult>(ctx(), 'archive.export', {
      year,
      folder: path.join(scratch, 'package'),
    });
    await call(ctx(), 'archive.importPackage', { path: exported.folder });
    // A backup to a USB stick made before the password: plain.
    fs.mkdirSync(path.join(scratch, 'plain-usb'));
    plainBackup = await backupTo(ctx(), path.join(scratch, 'plain-usb', 'before.vlbak'));
  }, 240_000);
  afterAll(() => {
    runtime?.cleanup();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  const kinds = ['photos/', 'attachments/', 'documents/', 'archive/', 'imports/'];

  it('setting the password seals every file: vault magic, not a PDF or PNG, nothing left plain', async () => {
    const before = vaultFiles(ctx().dataDir);
    for (const kind of kinds) expect(before.some((f) => f.startsWith(kind))).toBe(true);
    // Plain before: the demo's PDFs begin as PDFs.
    expect(
      before
        .filter((f) => f.startsWith('documents/'))
        .every(
          (f) => fs.readFileSync(path.join(ctx().dataDir, f)).subarray(0, 5).toString() === '%PDF-',
        ),
    ).toBe(true);

    await call(ctx(), 'security.setPassword', { next: PASSWORD });

    const after = vaultFiles(ctx().dataDir);
    expect(after).toEqual(before);
    for (const relative of after) {
      const bytes = fs.readFileSync(path.join(ctx().dataDir, relative));
      expect([relative, bytes.subarray(0, 8).equals(VAULT_MAGIC)]).toEqual([relative, true]);
      expect(bytes.includes(Buffer.from('%PDF-'))).toBe(false);
      expect(bytes.includes(PNG_BYTES.subarray(0, 8))).toBe(false);
      // pdftotext cannot read it either.
      if (relative.endsWith('.pdf')) {
        expect(() =>
          execFileSync('pdftotext', [path.join(ctx().dataDir, relative), '-'], { stdio: 'pipe' }),
        ).toThrow();
      }
    }
    // No plain copy left anywhere in the folders (a .partial or .rekey).
    const leftovers = everything(ctx().dataDir).files.filter((f) => /\.(partial|rekey)$/.test(f));
    expect(leftovers).toEqual([]);
    expect(fs.existsSync(path.join(ctx().dataDir, 'file-rekey.json'))).toBe(false);
    // Every row's SHA-256 is still that of the plain file, which the vault gives back.
    const vault = new FileVault(ctx().dataDir, PASSWORD);
    for (const row of recorded(runtime)) {
      expect(sha256(vault.read(path.join(ctx().dataDir, row.file)))).toBe(row.sha256);
    }
  });

  it('no member’s name or ID number is readable anywhere in the data folder', async () => {
    const people = ctx()
      .sqlite.prepare(
        `SELECT name, id_number AS idNumber FROM members WHERE id_number IS NOT NULL AND length(name) >= 2 ORDER BY id LIMIT 40`,
      )
      .all() as { name: string; idNumber: string }[];
    expect(people.length).toBe(40);
    const needles = people
      .flatMap((p) => [
        Buffer.from(p.idNumber, 'utf8'),
        Buffer.from(p.name, 'utf8'),
        Buffer.from(p.name, 'utf16le'),
        Buffer.from(p.name, 'utf16le').swap16(),
        // A 4-byte needle (a two-character name in UTF-16) turns up in a few MB of ciphertext by
        // chance about once in ten runs; 6 bytes and more do not (≈ 1 in 10⁶).
      ])
      .filter((needle) => needle.length >= 6);
    expect(needles.length).toBeGreaterThan(80);
    const { files } = everything(ctx().dataDir);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const found = needles.find((needle) => bytes.includes(needle));
      expect([path.relative(ctx().dataDir, file), found?.toString('utf8')]).toEqual([
        path.relative(ctx().dataDir, file),
        undefined,
      ]);
    }
  });

  it('a plain backup restored onto the encrypted data writes its files sealed', async () => {
    const photo = vaultFiles(ctx().dataDir).find((f) => f.startsWith('photos/'))!;
    const attachment = vaultFiles(ctx().dataDir).find((f) => f.startsWith('attachments/'))!;
    fs.rmSync(path.join(ctx().dataDir, photo));
    fs.rmSync(path.join(ctx().dataDir, attachment));
    await call(ctx(), 'backup.restore', { file: plainBackup });
    expect(runtime.session.key).toBe(PASSWORD);
    const vault = new FileVault(ctx().dataDir, PASSWORD);
    for (const relative of [photo, attachment]) {
      const stored = fs.readFileSync(path.join(ctx().dataDir, relative));
      expect(stored.subarray(0, 8).equals(VAULT_MAGIC)).toBe(true);
    }
    expect(vault.read(path.join(ctx().dataDir, photo))).toEqual(PNG_BYTES);
    for (const relative of vaultFiles(ctx().dataDir)) {
      const stored = fs.readFileSync(path.join(ctx().dataDir, relative));
      expect([relative, stored.subarray(0, 8).equals(VAULT_MAGIC)]).toEqual([relative, true]);
    }
  }, 120_000);

  it('the app still shows and exports them: notice PDF, archive original, photo, attachment', async () => {
    const notice = await call<FilePayload>(ctx(), 'notices.pdf', { id: noticeId });
    const text = pdfText(scratch, notice);
    expect(text).toMatch(/公示|公告/);
    const original = await call<FilePayload>(ctx(), 'archive.file', { id: archiveItemId });
    expect(Buffer.from(original.data).subarray(0, 5).toString()).toBe('%PDF-');
    const photo = await call<{ dataUrl: string }>(ctx(), 'workers.photo', { id: workerId });
    expect(photo.dataUrl).toBe(`data:image/png;base64,${PNG_BYTES.toString('base64')}`);
    const attachment = await call<FilePayload>(ctx(), 'problems.attachment', { id: attachmentId });
    expect(Buffer.from(attachment.data)).toEqual(Buffer.concat([PNG_BYTES, Buffer.from('scan-7')]));
    // A new notice issued now is sealed from the start.
    const rows = ctx().sqlite.prepare('SELECT count(*) AS n FROM documents').get() as { n: number };
    expect(rows.n).toBeGreaterThan(0);
  });

  it('backups read through the vault: sealed store objects, plain-content manifests, a USB backup restored sealed', async () => {
    const rows = new Map(recorded(runtime).map((r) => [r.file, r.sha256]));
    const inner = await wholeBackupOfKind(ctx(), '手动');
    const opened = await openWholeBackup(inner.file, PASSWORD);
    await opened.reader.close();
    expect(opened.header.encrypted).toBe(true);
    for (const f of opened.manifest.files) {
      if (rows.has(f.path)) expect([f.path, f.sha256]).toEqual([f.path, rows.get(f.path)]);
      // The store is in the data folder: its objects are sealed like the live files.
      const object = fs.readFileSync(storeObject(path.dirname(inner.file), f.sha256));
      expect([f.path, object.subarray(0, 8).equals(VAULT_MAGIC)]).toEqual([f.path, true]);
    }
    expect(fs.readdirSync(storeDir(path.dirname(inner.file))).length).toBeGreaterThan(0);
    const check = await call<{ ok: boolean }>(ctx(), 'backup.check', { file: inner.file });
    expect(check.ok).toBe(true);

    // To a USB stick: one encrypted file; restored on a new PC, the files are sealed there too.
    const usb = path.join(scratch, 'usb-backup');
    fs.mkdirSync(usb);
    const file = await backupTo(ctx(), path.join(usb, 'office.vlbak'));
    const raw = fs.readFileSync(file);
    expect(raw.includes(Buffer.from('%PDF-'))).toBe(false);
    const fresh = path.join(scratch, 'new-pc');
    const out: string[] = [];
    const code = await runCli(
      ['restore', file, '--data', fresh],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
      { VILLAGE_LEDGER_DB_PASSWORD: PASSWORD },
    );
    expect([code, out.join('\n')]).toEqual([0, expect.stringContaining('写入文件')]);
    const restored = vaultFiles(fresh).filter((f) => !f.startsWith('backups/'));
    expect(restored.length).toBe(opened.manifest.files.length);
    const vault = new FileVault(fresh, PASSWORD);
    for (const relative of restored) {
      const stored = fs.readFileSync(path.join(fresh, relative));
      expect([relative, stored.subarray(0, 8).equals(VAULT_MAGIC)]).toEqual([relative, true]);
      if (rows.has(relative)) expect(sha256(vault.open(stored, relative))).toBe(rows.get(relative));
    }
  }, 120_000);

  it('the year’s package is made plain outside the data folder, and refused inside it', async () => {
    const outside = await call<ExportResult>(ctx(), 'archive.export', {
      year,
      folder: path.join(scratch, 'usb'),
    });
    const copies = everything(outside.folder).files.filter((f) => f.endsWith('.pdf'));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      expect(fs.readFileSync(copy).subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS.txt'], {
        cwd: outside.folder,
        encoding: 'utf8',
      }),
    ).toBe('');
    const refused = await failure(ctx(), 'archive.export', { year });
    expect(refused.message).toContain('移交包不加密，不能放在数据文件夹里');
    // The web host's download passes through <data>/tmp and leaves nothing there.
    const download = await call<FilePayload>(ctx(), 'archive.exportFile', { year });
    const zip = Buffer.from(download.data);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.includes(Buffer.from('%PDF-'))).toBe(true);
    const tmp = path.join(ctx().dataDir, 'tmp');
    expect(
      fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((n) => n.startsWith('archive-export-')) : [],
    ).toEqual([]);
  });

  it('changing the password re-seals every file; the old password opens none', async () => {
    const files = vaultFiles(ctx().dataDir);
    const before = new Map(files.map((f) => [f, fs.readFileSync(path.join(ctx().dataDir, f))]));
    await call(ctx(), 'security.setPassword', { current: PASSWORD, next: NEW_PASSWORD });
    const oldVault = new FileVault(ctx().dataDir, PASSWORD);
    const newVault = new FileVault(ctx().dataDir, NEW_PASSWORD);
    for (const relative of files) {
      const stored = fs.readFileSync(path.join(ctx().dataDir, relative));
      expect(stored.subarray(0, 8).equals(VAULT_MAGIC)).toBe(true);
      expect(stored.equals(before.get(relative)!)).toBe(false);
      expect(() => oldVault.open(stored, relative)).toThrow(/无法解密/);
      expect(newVault.open(stored, relative)).toEqual(
        oldVault.open(before.get(relative)!, relative),
      );
    }
    const notice = await call<FilePayload>(ctx(), 'notices.pdf', { id: noticeId });
    expect(pdfText(scratch, notice)).toMatch(/公示|公告/);
  });

  it('removing the password gives back the plain files, byte for byte as recorded', async () => {
    await call(ctx(), 'security.removePassword', { current: NEW_PASSWORD });
    for (const relative of vaultFiles(ctx().dataDir)) {
      const stored = fs.readFileSync(path.join(ctx().dataDir, relative));
      expect([relative, stored.subarray(0, 8).equals(VAULT_MAGIC)]).toEqual([relative, false]);
    }
    for (const row of recorded(runtime)) {
      expect(sha256(fs.readFileSync(path.join(ctx().dataDir, row.file)))).toBe(row.sha256);
    }
    const photo = await call<{ dataUrl: string }>(ctx(), 'workers.photo', { id: workerId });
    expect(photo.dataUrl).toContain(PNG_BYTES.toString('base64'));
  });
});

describe('a password change cut off by a crash', () => {
  it('finishes at the next open with the key the database opened with', async () => {
    const temp = makeTempDir();
    try {
      const dir = temp.dir;
      fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
      const plain = Buffer.concat([PNG_BYTES, Buffer.from('worker')]);
      const sealed = new FileVault(dir, PASSWORD).seal(plain);
      // Crashed after the database was rekeyed: photo a still plain, its sealed copy beside.
      fs.writeFileSync(path.join(dir, 'photos', 'a.png'), plain);
      fs.writeFileSync(path.join(dir, 'photos', 'a.png.rekey'), sealed);
      fs.writeFileSync(
        path.join(dir, 'file-rekey.json'),
        JSON.stringify({ files: ['photos/a.png'] }),
      );
      expect(finishFileRekey(dir, PASSWORD)).toBe(1);
      expect(fs.readFileSync(path.join(dir, 'photos', 'a.png'))).toEqual(sealed);
      expect(fs.existsSync(path.join(dir, 'file-rekey.json'))).toBe(false);

      // Crashed before the database was rekeyed: the sealed copy does not fit, it goes.
      fs.writeFileSync(path.join(dir, 'photos', 'b.png'), plain);
      fs.writeFileSync(path.join(dir, 'photos', 'b.png.rekey'), sealed);
      fs.writeFileSync(
        path.join(dir, 'file-rekey.json'),
        JSON.stringify({ files: ['photos/b.png'] }),
      );
      expect(finishFileRekey(dir, null)).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'photos', 'b.png'))).toEqual(plain);
      expect(fs.existsSync(path.join(dir, 'photos', 'b.png.rekey'))).toBe(false);
    } finally {
      temp.cleanup();
    }
  });

  it('a session opened with the password finishes it too', async () => {
    const runtime = await openTestRuntime();
    try {
      await call(runtime.session.ctx, 'security.setPassword', { next: PASSWORD });
      const dir = runtime.dir;
      runtime.session.close();
      fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'photos', 'c.png'), PNG_BYTES);
      fs.writeFileSync(
        path.join(dir, 'photos', 'c.png.rekey'),
        new FileVault(dir, PASSWORD).seal(PNG_BYTES),
      );
      fs.writeFileSync(
        path.join(dir, 'file-rekey.json'),
        JSON.stringify({ files: ['photos/c.png'] }),
      );
      const session = new AppSession({
        dataDir: dir,
        migrationsFolder: MIGRATIONS_FOLDER,
        operator: '测试员',
      });
      await session.open();
      const unlocked = await dispatchSession(session, 'session.unlock', { password: PASSWORD });
      expect(unlocked.ok).toBe(true);
      session.close();
      expect(fs.readFileSync(path.join(dir, 'photos', 'c.png')).subarray(0, 8)).toEqual(
        VAULT_MAGIC,
      );
    } finally {
      runtime.cleanup();
    }
  });
});

describe('the vault format', () => {
  it('refuses a changed byte anywhere, a wrong password, and opens files of an earlier salt', () => {
    const temp = makeTempDir();
    try {
      const vault = new FileVault(temp.dir, PASSWORD);
      const plain = Buffer.from('%PDF-1.7 公示：张三 532529195704204350', 'utf8');
      const sealed = vault.seal(plain);
      expect(sealed.length).toBe(plain.length + VAULT_OVERHEAD);
      expect(sealed.subarray(0, 8)).toEqual(VAULT_MAGIC);
      expect(sealed.includes(Buffer.from('532529'))).toBe(false);
      expect(vault.open(sealed, 'x')).toEqual(plain);
      // Two seals of the same bytes differ (a random nonce per file).
      expect(vault.seal(plain).equals(sealed)).toBe(false);
      for (const at of [8, 20, 30, 40, sealed.length - 1]) {
        const changed = Buffer.from(sealed);
        changed[at] = changed[at]! ^ 0x01;
        expect(() => vault.open(changed, 'x.pdf')).toThrow(/「x\.pdf」无法解密/);
      }
      expect(() => new FileVault(temp.dir, NEW_PASSWORD).open(sealed, 'x')).toThrow(/无法解密/);
      // Plain bytes are read as they are (a file not yet converted).
      expect(vault.open(plain, 'x')).toEqual(plain);
      // A new salt for new files; the old file still opens (its salt is in its header).
      renewFolderSalt(temp.dir);
      const later = vault.seal(plain);
      expect(later.subarray(8, 24).equals(sealed.subarray(8, 24))).toBe(false);
      expect(vault.open(sealed, 'x')).toEqual(plain);
      if (posix) expect(modeOf(path.join(temp.dir, VAULT_SALT_FILE))).toBe(0o600);
    } finally {
      temp.cleanup();
    }
  });
});

describe('plain leftovers of a crash', () => {
  it('the first open removes a half-made package download and an import’s staging folder', async () => {
    const temp = makeTempDir();
    try {
      const dir = path.join(temp.dir, 'data');
      const download = path.join(dir, 'tmp', 'archive-export-0123456789ab', 'pkg');
      const staging = path.join(dir, 'imports', '.partial-0123456789ab');
      fs.mkdirSync(download, { recursive: true });
      fs.mkdirSync(staging, { recursive: true });
      fs.writeFileSync(path.join(download, '说明文件.TXT'), '杨柳村');
      fs.writeFileSync(path.join(staging, 'SHA256SUMS.txt'), 'x');
      const session = await new AppSession({
        dataDir: dir,
        migrationsFolder: MIGRATIONS_FOLDER,
        operator: '测试员',
      }).open();
      session.close();
      expect(fs.existsSync(path.dirname(download))).toBe(false);
      expect(fs.existsSync(staging)).toBe(false);
    } finally {
      temp.cleanup();
    }
  });
});
