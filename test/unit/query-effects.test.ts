import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/api/contract';
import { afterChange, changesData, queryClient } from '../../renderer/src/api/query-client';

/** Which cached reads a successful call marks stale (renderer/src/api/query-client.ts). */
describe('the query cache after a call', () => {
  const seed = () => {
    queryClient.clear();
    for (const key of [
      ['households.get', { id: 1 }],
      ['problems.list', {}],
      ['audit.list', {}],
      ['visits.due', { month: '2026-05' }],
    ]) {
      queryClient.setQueryData(key, { seeded: true });
    }
  };
  const stale = () =>
    queryClient
      .getQueryCache()
      .getAll()
      .filter((q) => q.state.isInvalidated)
      .map((q) => q.queryKey[0])
      .sort();

  it('a read marks nothing stale', () => {
    seed();
    afterChange('households.list');
    afterChange('rosterIo.export');
    afterChange('notices.draft');
    expect(stale()).toEqual([]);
  });

  it('a roster change marks every read stale: the ledger, visits and the audit log follow it', () => {
    seed();
    afterChange('households.update');
    expect(stale()).toEqual(['audit.list', 'households.get', 'problems.list', 'visits.due']);
  });

  it('showing a masked number marks only the audit log stale', () => {
    seed();
    afterChange('sensitive.reveal');
    expect(stale()).toEqual(['audit.list']);
  });

  it('classes every method of the contract by its verb', () => {
    const changes = Object.keys(contract).filter(changesData);
    const reads = Object.keys(contract).filter((m) => !changesData(m));
    for (const m of [
      'households.create',
      'problems.saveStep',
      'archive.fileUpload',
      'session.unlock',
    ])
      expect(changes).toContain(m);
    for (const m of [
      'households.get',
      'workers.list',
      'visits.due',
      'problems.export',
      'jobs.status',
    ])
      expect(reads).toContain(m);
  });
});
