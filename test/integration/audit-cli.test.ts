import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/commands';
import { makeTempDir } from '../fixtures/temp-dir';

describe('CLI history (修改记录)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: string;
  beforeEach(() => {
    temp = makeTempDir();
    db = path.join(temp.dir, 'ledger.db');
  });
  afterEach(() => temp.cleanup());

  async function cli(args: string[], operator = '王文书') {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [...args, '--db', db],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { VILLAGE_LEDGER_OPERATOR: operator },
    );
    return { code, out, err };
  }

  it('lists who changed a grid and what, filtered by operator, in Chinese', async () => {
    expect(
      (
        await cli([
          'init',
          '--county',
          '石门县',
          '--township',
          '柳湾镇',
          '--village',
          '杨柳村',
          '--groups',
          '一组',
        ])
      ).code,
    ).toBe(0);
    expect((await cli(['call', 'grids.rename', '{"id":3,"name":"新杨柳村"}'], '李主任')).code).toBe(
      0,
    );

    const all = await cli(['history', '--entity', 'grid', '--id', '3']);
    expect(all.err).toEqual([]);
    expect(all.out[0]).toBe('共 2 条修改记录');
    expect(all.out[1]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} {2}李主任 {2}修改 {2}网格 新杨柳村$/,
    );
    expect(all.out[2]).toBe('    名称：杨柳村 → 新杨柳村');
    expect(all.out.slice(3).join('\n')).toContain('王文书  新增  网格 杨柳村');

    const byOperator = await cli(['history', '--operator', '王文书', '--limit', '2']);
    expect(byOperator.out[0]).toMatch(/^共 \d+ 条修改记录，显示最新 2 条$/);
    expect(byOperator.out.filter((l) => !l.startsWith(' ')).slice(1)).toHaveLength(2);
    expect(byOperator.out.join('\n')).not.toContain('李主任');

    const wrong = await cli(['history', '--entity', 'household', '--from', '2026-13-01']);
    expect(wrong.code).toBe(1);
    expect(wrong.err.join('')).toContain('开始日期');
  });
});
