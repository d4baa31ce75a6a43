import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupCheck, BackupJobStatus, RestoreResult } from '../../electron/api/backup-types';
import type { ExportResult, VerifyResult } from '../../electron/api/archive-types';
import type { FilePayload } from '../../electron/api/roster-io-types';
import { runCli } from '../../electron/cli/commands';
import { FileVault, VAULT_MAGIC } from '../../electron/documents/vault';
import { storeObject, storeDir } from '../../electron/services/backup/store';
import { pruneStore } from '../../electron/services/backup/retention';
import { referencedFiles } from '../../electron/services/backup/referenced';
import { openWholeBackup } from '../../electron/services/backup/whole-read';
import type { BackupManifest } from '../../electron/services/backup/whole';
import { backupOfKind, backupTo, wholeBackupOfKind } from '../../electron/services/backup/write';
import type { ServiceContext } from '../../electron/services/context';
import { seedDemo } from '../../electron/services/demo/demo';
import { readIssued } from '../../electron/services/sequences/issued';
import { AppSession } from '../../electron/services/session';
import { dispatchSession } from '../../electron/services/session-dispatch';
import { PNG_BYTES } from '../fixtures/ledger';
import { openTestRuntime, type TestRuntime } from '../fixtures/runtime';
import { makeTempDir, MIGRATIONS_FOLDER } from '../fixtures/temp-dir';
import { call, failure, VILLAGE } from '../fixtures/village';

// Issue 13 item 1 (docs/domain.md §6 备份): a backup holds the database and every file it
// refers to; a USB backup alone rebuilds the office on a new PC; a backup whose files do not
// match its manifest is refused before anything changes.

const PASSWORD = 'beifen-2026';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function waitForJob(ctx: ServiceContext, jobId: string): Promise<BackupJobStatus> {
  for (;;) {
    const status = await call<BackupJobStatus>(ctx, 'backup.status', { jobId });
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const sha256 = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function pdfText(dir: string, payload: FilePayload): string {
  const target = path.join(dir, `check-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(target, Buffer.from(payload.data));
  return execFileSync('pdftotext', ['-layout', target, '-'], { encoding: 'utf8' });
}

async function manifestOf(file: string, password: string | null = null): Promise<BackupManifest> {
  const opened = await openWholeBackup(file, password);
  await opened.reader.close();
  return opened.manifest;
}

/** A copy of `file` with one byte flipped at `offset`. */
function flipped(file: string, offset: number, target: string): string {
  const bytes = fs.readFileSync(file);
  bytes[offset] = bytes[offset]! ^ 0xff;
  fs.writeFileSync(target, bytes);
  return target;
}

/** What a data folder holds, to prove a refused restore changed nothing. */
function folderState(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (child === 'tmp' || child === 'logs') continue;
      // SQLite's shared-memory WAL index: every read rewrites its read marks (it holds no data).
      if (child.endsWith('.db-shm')) continue;
      if (entry.isDirectory()) walk(child);
      else
        out.push(
          `${child} ${fs.statSync(path.join(dir, child)).size} ${sha256(path.join(dir, child))}`,
        );
    }
  };
  walk('');
  return out.sort();
}

async function openSession(dataDir: string, key?: string): Promise<AppSession> {
  const session = new AppSession({
    dataDir,
    migrationsFolder: MIGRATIONS_FOLDER,
    operator: '测试员',
    now: () => new Date('2026-05-06T07:08:09.000Z'),
  });
  if (key) {
    await session.open().catch(() => undefined);
    const unlocked = await dispatchSession(session, 'session.unlock', { password: key });
    expect(unlocked.ok).toBe(true);
    return session;
  }
  return session.open();
}

describe('whole backups of a demo village', () => {
  let source: TestRuntime;
  const ctx = () => source.session.ctx;
  let usb: string;
  let scratch: string;
  let usbBackup: string;
  let files: string[];

  beforeAll(async () => {
    source = await openTestRuntime();
    await seedDemo(source.ctx, { size: 'village', seed: 11 });
    // A worker photo and a problem scan beside the demo's documents and archive originals.
    const worker = ctx().sqlite.prepare('SELECT id FROM workers ORDER BY id LIMIT 1').get() as {
      id: number;
    };
    await call(ctx(), 'workers.setPhoto', {
      id: worker.id,
      data: PNG_BYTES,
    });
    const problem = ctx().sqlite.prepare('SELECT id FROM problems ORDER BY id LIMIT 1').get() as {
      id: number;
    };
    await call(ctx(), 'problems.addAttachment', {
      problemId: problem.id,
      fileName: '入户照片.png',
      data: Buffer.concat([PNG_BYTES, Buffer.from('scan-1')]),
    });
    usb = makeTempDir('vl-usb-').dir;
    scratch = makeTempDir('vl-scratch-').dir;
    // Another village's package, loaded read-only into imports/<id>/.
    const year = (
      ctx().sqlite.prepare('SELECT min(year) AS y FROM archive_items').get() as { y: number }
    ).y;
    const exported = await call<ExportResult>(ctx(), 'archive.export', {
      year,
      folder: path.join(scratch, 'package'),
    });
    await call(ctx(), 'archive.importPackage', { path: exported.folder });
    files = referencedFiles(ctx().sqlite, ctx().dataDir);
  }, 180_000);
  afterAll(() => {
    source?.cleanup();
    for (const dir of [usb, scratch]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a backup to a USB folder holds the database and every file, and restores into an empty data folder', async () => {
    expect(files.some((f) => f.startsWith('photos/'))).toBe(true);
    expect(files.some((f) => f.startsWith('attachments/'))).toBe(true);
    expect(files.some((f) => f.startsWith('documents/'))).toBe(true);
    expect(files.some((f) => f.startsWith('archive/'))).toBe(true);
    expect(files.some((f) => f.startsWith('imports/'))).toBe(true);

    const { jobId } = await call<{ jobId: string }>(ctx(), 'backup.start', { folder: usb });
    const job = await waitForJob(ctx(), jobId);
    expect(job.state).toBe('done');
    expect(job.done).toBe(job.total);
    expect(job.files).toMatchObject({ count: files.length, missing: [] });
    usbBackup = job.file!;
    expect(path.basename(usbBackup)).toMatch(/^村级网格台账备份-\d{8}-\d{6}\.vlbak$/);
    expect(fs.readdirSync(usb)).toEqual([path.basename(usbBackup)]);

    const manifest = await manifestOf(usbBackup);
    expect(manifest.files.map((f) => f.path)).toEqual(files);
    for (const f of manifest.files) {
      expect(f.sha256).toBe(sha256(path.join(ctx().dataDir, f.path)));
      expect(f.offset).toBeTypeOf('number'); // inside the file: self-contained
    }
    expect(manifest.issued.notice).toEqual(readIssuedOrDatabase(ctx()));

    // A new PC: an empty data folder, the command line and the USB backup alone.
    const fresh = makeTempDir('vl-newpc-').dir;
    try {
      const restored = await cli(['restore', usbBackup, '--data', fresh]);
      expect(restored.err).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.out).toContain(`写入文件 ${files.length} 个，原有相同文件 0 个`);
      for (const f of files) {
        expect(sha256(path.join(fresh, f))).toBe(sha256(path.join(ctx().dataDir, f)));
      }
      const marks = readIssued(fresh);
      expect(marks.notice).toEqual(manifest.issued.notice);

      const session = await openSession(fresh);
      try {
        const c = session.ctx;
        const notices = c.sqlite.prepare('SELECT id, title FROM notices ORDER BY id').all() as {
          id: number;
          title: string;
        }[];
        expect(notices.length).toBeGreaterThan(0);
        const first = notices[0]!;
        const text = pdfText(scratch, await call<FilePayload>(c, 'notices.pdf', { id: first.id }));
        expect(text.replace(/\s+/g, '')).toContain(first.title.replace(/\s+/g, '').slice(0, 8));

        const year = (
          c.sqlite.prepare('SELECT max(year) AS y FROM archive_items').get() as { y: number }
        ).y;
        const exported = await call<ExportResult>(c, 'archive.export', {
          year,
          folder: path.join(scratch, 'export'),
        });
        expect(exported.items).toBeGreaterThan(0);
        const verified = await call<VerifyResult>(c, 'archive.verify', { path: exported.folder });
        expect(verified).toMatchObject({ ok: true, missing: [], changed: [] });
      } finally {
        session.close();
      }
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses a backup with a changed file, a changed database or a missing file, and changes nothing', async () => {
    const manifest = await manifestOf(usbBackup);
    const target = await openTestRuntime();
    try {
      await call(target.session.ctx, 'setup.createVillage', VILLAGE);
      const before = folderState(target.dir);

      const pdf = manifest.files.find((f) => f.path.startsWith('documents/'))!;
      const changedFile = flipped(
        usbBackup,
        pdf.offset! + 100,
        path.join(scratch, 'changed-file.vlbak'),
      );
      const changedFileError = await failure(target.session.ctx, 'backup.restore', {
        file: changedFile,
      });
      expect(changedFileError).toEqual({
        code: 'VALIDATION',
        message: `备份里的文件与备份清单不符：「${pdf.path}」已被改动或损坏。这份备份不能用来恢复，没有做任何改动。请换一份备份。`,
      });
      expect(
        (await failure(target.session.ctx, 'backup.check', { file: changedFile })).message,
      ).toBe(changedFileError.message);

      const changedDb = flipped(
        usbBackup,
        manifest.database.offset + Math.floor(manifest.database.size / 2),
        path.join(scratch, 'changed-db.vlbak'),
      );
      expect(await failure(target.session.ctx, 'backup.restore', { file: changedDb })).toEqual({
        code: 'VALIDATION',
        message: '备份中的数据库与备份清单不符（已被改动或损坏），不能用来恢复。请换一份备份。',
      });

      // A backup inside the data folder reads its files from the store: one object gone.
      const internal = await backupOfKind(ctx(), '手动');
      const inner = await manifestOf(internal);
      const photo = inner.files.find((f) => f.path.startsWith('photos/'))!;
      const attachment = inner.files.find((f) => f.path.startsWith('attachments/'))!;
      const copied = path.join(scratch, 'store-copy');
      fs.cpSync(path.dirname(internal), copied, { recursive: true });
      fs.rmSync(storeObject(copied, photo.sha256));
      fs.rmSync(storeObject(copied, attachment.sha256));
      const missing = await failure(target.session.ctx, 'backup.restore', {
        file: path.join(copied, path.basename(internal)),
      });
      expect(missing.message).toMatch(
        /^备份里的文件与备份清单不符：「(photos|attachments)\/.+」不见了（共 2 个文件有问题）。/,
      );

      // Such a backup copied out alone (without its store) says what it is.
      const alone = path.join(scratch, path.basename(internal));
      fs.copyFileSync(internal, alone);
      expect((await failure(target.session.ctx, 'backup.check', { file: alone })).message).toMatch(
        /是数据文件夹里的备份，照片、附件和原件存放在它旁边的 files 文件夹中，单独拷出来不能恢复/,
      );

      // Nothing changed: the database, the files and no 恢复前 backup.
      expect(folderState(target.dir)).toEqual(before);
      expect(fs.existsSync(path.join(target.dir, 'backups'))).toBe(false);
    } finally {
      target.cleanup();
    }
  }, 120_000);

  it('a second backup inside the data folder adds no store objects when nothing changed; pruning removes unused ones', async () => {
    const dir = path.join(source.dir, 'backups');
    const objects = () =>
      fs.existsSync(storeDir(dir))
        ? fs
            .readdirSync(storeDir(dir))
            .filter((n) => /^[0-9a-f]{64}$/.test(n))
            .sort()
        : [];
    const first = await wholeBackupOfKind(ctx(), '手动');
    const after = objects();
    expect(after.length).toBe(
      new Set((await manifestOf(first.file)).files.map((f) => f.sha256)).size,
    );
    const second = await wholeBackupOfKind(ctx(), '手动');
    expect(second.storeObjectsAdded).toBe(0);
    expect(second.storeAdded).toBe(0);
    expect(objects()).toEqual(after);
    // The store objects are hard links to the live files where the disk allows it.
    const photo = (await manifestOf(second.file)).files.find((f) => f.path.startsWith('photos/'))!;
    expect(fs.statSync(storeObject(dir, photo.sha256)).ino).toBe(
      fs.statSync(path.join(ctx().dataDir, photo.path)).ino,
    );
    // The .vlbak itself holds only the database and the manifest.
    const pages = Number(ctx().sqlite.pragma('page_count', { simple: true }));
    const pageSize = Number(ctx().sqlite.pragma('page_size', { simple: true }));
    expect(second.size).toBeLessThan(pages * pageSize + 64 * 1024);
    expect(second.filesBytes).toBeGreaterThan(64 * 1024);

    // With every backup that used them gone, the objects go too.
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.vlbak'))) {
      fs.renameSync(path.join(dir, name), path.join(scratch, name));
    }
    // Not while a backup is being written (its objects are not listed anywhere yet).
    fs.writeFileSync(path.join(dir, '手动-20260506-070810.vlbak.partial'), 'half');
    expect(pruneStore(dir)).toEqual([]);
    fs.rmSync(path.join(dir, '手动-20260506-070810.vlbak.partial'));
    expect(pruneStore(dir).length).toBe(after.length);
    expect(objects()).toEqual([]);
    for (const name of fs.readdirSync(scratch).filter((n) => n.startsWith('手动-'))) {
      fs.renameSync(path.join(scratch, name), path.join(dir, name));
    }
  }, 120_000);

  it('restoring an older backup keeps the newer numbers in the marks and lists what is lost', async () => {
    const older = await backupOfKind(ctx(), '手动');
    const year = 2026;
    const issued = await call<{ id: number }>(ctx(), 'notices.issue', {
      kind: '其他公示',
      title: '关于备份恢复测试的公示',
      body: '特此公示。',
      table: { columns: ['事项'], rows: [['备份恢复测试']] },
    });
    const serial = (
      ctx().sqlite.prepare('SELECT serial FROM notices WHERE id = ?').get(issued.id) as {
        serial: number;
      }
    ).serial;
    const check = await call<BackupCheck>(ctx(), 'backup.check', { file: path.basename(older) });
    expect(check.loss.notices.total).toBe(1);
    expect(check.loss.notices.items[0]!.title).toBe('关于备份恢复测试的公示');

    // Data from before the marks existed: only the restore's merge of the replaced database
    // can keep the number.
    fs.rmSync(path.join(ctx().dataDir, 'issued-numbers.json'), { force: true });
    const result = await call<RestoreResult>(ctx(), 'backup.restore', {
      file: path.basename(older),
    });
    expect(result.files.written).toBe(0);
    expect(
      ctx().sqlite.prepare('SELECT count(*) AS n FROM notices WHERE id = ?').get(issued.id),
    ).toEqual({ n: 0 });
    expect(readIssued(ctx().dataDir).notice[String(year)]).toBe(serial);
    // The next notice continues after the lost one: its number is never posted twice.
    const next = await call<{ id: number }>(ctx(), 'notices.issue', {
      kind: '其他公示',
      title: '关于恢复后再发的公示',
      body: '特此公示。',
      table: { columns: ['事项'], rows: [['恢复后']] },
    });
    expect(ctx().sqlite.prepare('SELECT serial FROM notices WHERE id = ?').get(next.id)).toEqual({
      serial: serial + 1,
    });
  }, 120_000);

  it('an encrypted database gives a backup whose files are not readable, restored with the password', async () => {
    const set = await dispatchSession(source.session, 'security.setPassword', { next: PASSWORD });
    expect(set.ok).toBe(true);
    const file = await backupTo(ctx(), path.join(usb, '加密备份.vlbak'));
    const bytes = fs.readFileSync(file);
    const manifest = await manifestOf(file, PASSWORD);
    const pdf = manifest.files.find((f) => f.path.startsWith('documents/'))!;
    // The live file is sealed by the file vault (issue 14 item 5); the backup holds its
    // plain content inside its own encryption.
    const live = new FileVault(ctx().dataDir, PASSWORD).read(path.join(ctx().dataDir, pdf.path));
    expect(live.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fs.readFileSync(path.join(ctx().dataDir, pdf.path)).subarray(0, 8)).toEqual(VAULT_MAGIC);
    expect(bytes.includes(Buffer.from('%PDF-'))).toBe(false);
    expect(bytes.includes(live.subarray(200, 264))).toBe(false);
    expect(bytes.includes(Buffer.from(pdf.path))).toBe(false);
    expect(bytes.includes(PNG_BYTES.subarray(0, 16))).toBe(false);
    await expect(openWholeBackup(file, 'not-it')).rejects.toThrow(
      '备份文件已加密，密码不对。请填写做这份备份时的数据库密码。',
    );

    const fresh = makeTempDir('vl-newpc-enc-').dir;
    try {
      const refused = await cli(['restore', file, '--data', fresh]);
      expect(refused.code).toBe(1);
      expect(refused.err).toBe('备份文件已加密，请填写做这份备份时的数据库密码。');
      const previous = process.env.VILLAGE_LEDGER_BACKUP_PASSWORD;
      process.env.VILLAGE_LEDGER_BACKUP_PASSWORD = PASSWORD;
      try {
        const restored = await cli(['restore', file, '--data', fresh]);
        expect(restored.err).toBe('');
        expect(restored.code).toBe(0);
      } finally {
        if (previous === undefined) delete process.env.VILLAGE_LEDGER_BACKUP_PASSWORD;
        else process.env.VILLAGE_LEDGER_BACKUP_PASSWORD = previous;
      }
      const restoredPdf = new FileVault(fresh, PASSWORD).read(path.join(fresh, pdf.path));
      expect(crypto.createHash('sha256').update(restoredPdf).digest('hex')).toBe(pdf.sha256);
      const session = await openSession(fresh, PASSWORD);
      try {
        const notice = session.ctx.sqlite
          .prepare('SELECT n.id FROM notices n JOIN documents d ON d.id = n.document_id LIMIT 1')
          .get() as { id: number };
        const text = pdfText(scratch, await call<FilePayload>(session.ctx, 'notices.pdf', notice));
        expect(text.length).toBeGreaterThan(20);
      } finally {
        session.close();
      }
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The notice marks a backup of the live data must carry: the file's, else the database's. */
function readIssuedOrDatabase(ctx: ServiceContext): Record<string, number> {
  const marks = { ...readIssued(ctx.dataDir).notice };
  const rows = ctx.sqlite
    .prepare('SELECT year, max(serial) AS n FROM notices GROUP BY year')
    .all() as { year: number; n: number }[];
  for (const row of rows) marks[String(row.year)] = Math.max(marks[String(row.year)] ?? 0, row.n);
  return marks;
}
