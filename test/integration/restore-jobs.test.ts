import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CardJobStatus } from '../../electron/api/cards-types';
import type { ImportJobStatus } from '../../electron/api/roster-io-types';
import { backupOfKind } from '../../electron/services/backup/write';
import type { ServiceContext } from '../../electron/services/context';
import { householdInput } from '../fixtures/people';
import { householdRows, householdXlsx } from '../fixtures/roster-files';
import { useTestRuntime } from '../fixtures/runtime';
import { call, failure, GRID, VILLAGE } from '../fixtures/village';

/** Reads a job's status until it stops running. */
async function settled<S>(read: () => Promise<S>, running: (s: S) => boolean): Promise<S> {
  for (;;) {
    const status = await read();
    if (!running(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a restore and the background jobs of the data it replaces', () => {
  const runtime = useTestRuntime();
  // After a restore the session holds a new context: always read it from there.
  const ctx = (): ServiceContext => runtime().session.ctx;

  it('waits for a 明白纸 batch, and forgets an import checked against the data from before', async () => {
    await call(ctx(), 'setup.createVillage', VILLAGE);
    await call(ctx(), 'households.create', householdInput(GRID.group1, 1));
    const backup = path.basename(await backupOfKind(ctx(), '手动'));

    // An import checked (ready to commit) against today's data.
    const file = await householdXlsx([...householdRows('一组', 7), ...householdRows('二组', 8)]);
    const { jobId: importId } = await call<{ jobId: string }>(ctx(), 'rosterIo.importStart', {
      kind: 'households',
      fileName: '花名册.xlsx',
      data: file,
    });
    const checked = await settled(
      () => call<ImportJobStatus>(ctx(), 'rosterIo.importStatus', { jobId: importId }),
      (s) => s.phase === 'reading' || s.phase === 'checking',
    );
    expect(checked.phase).toBe('ready');

    // A card batch under way writes its PDF through the connection a restore would close.
    const { jobId: cardsId } = await call<{ jobId: string }>(ctx(), 'cards.start', {
      scope: { gridId: GRID.group1 },
    });
    expect(await failure(ctx(), 'backup.restore', { file: backup })).toEqual({
      code: 'CONFLICT',
      message: '正在生成明白纸，请等生成完成后再恢复。',
    });
    const cards = await settled(
      () => call<CardJobStatus>(ctx(), 'cards.status', { jobId: cardsId }),
      (s) => s.state === 'running',
    );
    expect(cards.state).toBe('done');

    await call(ctx(), 'backup.restore', { file: backup });
    expect(
      await failure(ctx(), 'rosterIo.importCommit', { jobId: importId, validOnly: false }),
    ).toEqual({ code: 'NOT_FOUND', message: '找不到这次导入，请重新选择文件' });
    expect(await call<{ total: number }>(ctx(), 'households.list', {})).toMatchObject({ total: 1 });
  });
});
