import { describe, expect, it } from 'vitest';
import type { CardContent } from '../../electron/api/cards-types';
import {
  cardContent,
  CardSource,
  householdsInGrid,
  inPrintOrder,
} from '../../electron/services/cards/content';
import { cardHash, stableJson } from '../../electron/services/cards/hash';
import { buildCardWorld, CARD_PHONES, changeWorkerPhone } from '../fixtures/cards';
import { useTestRuntime } from '../fixtures/runtime';
import { validId } from '../fixtures/people';
import { call, GRID, VILLAGE } from '../fixtures/village';

describe('明白纸 content of a household', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('lists 乡镇 / 村 / 组 with the 网格长 first, one per role above the own grid, no ended roles', async () => {
    const world = await buildCardWorld(ctx());
    const card = cardContent(ctx(), world.households.h1);
    expect(card).toEqual({
      householdId: world.households.h1,
      head: '张三',
      address: '一组12号',
      naturalVillage: '大寨',
      township: '柳湾镇',
      village: '杨柳村',
      group: '一组',
      levels: [
        {
          level: 'township',
          label: '乡镇',
          grid: '柳湾镇',
          workers: [
            { role: '网格长', name: '钱镇长', phone: CARD_PHONES.qian, duties: '统筹全镇网格工作' },
            // The longest-serving 网格员; 郑干部 (since 2023) is left off the card.
            { role: '网格员', name: '吴干部', phone: '13900000011', duties: '包村联户' },
            { role: '监管员', name: '冯纪委', phone: '13900000013', duties: '监督检查' },
          ],
        },
        {
          level: 'village',
          label: '村',
          grid: '杨柳村',
          workers: [
            { role: '网格长', name: '孙书记', phone: CARD_PHONES.sun, duties: '统筹全村网格工作' },
            { role: '监测员', name: '周委员', phone: CARD_PHONES.zhou, duties: '核实监测数据' },
          ],
        },
        {
          level: 'group',
          label: '组',
          grid: '一组',
          // 李四 holds two roles: listed once, as 网格长. 赵六's role has ended.
          workers: [
            { role: '网格长', name: '李四', phone: CARD_PHONES.liSi, duties: '统筹本组防返贫工作' },
          ],
        },
      ],
      contact: { name: '刘帮扶', unit: '县农业农村局', phone: CARD_PHONES.contact },
      report: {
        worker: { level: 'group', role: '网格长', name: '李四', phone: CARD_PHONES.liSi },
        hotline: '12317',
        committee: '杨柳村村民委员会',
      },
      supervisionPhone: '0871-12345678',
      issueDate: '2026-05-06',
    } satisfies CardContent);
  });

  it('shows only the current 帮扶责任人 and nothing private of the members', async () => {
    const world = await buildCardWorld(ctx());
    const [h1, h3] = new CardSource(ctx()).contents([world.households.h1, world.households.h3]);
    expect(h3!.contact).toBeNull();
    expect(h3!.levels.at(-1)!.workers.map((w) => w.name)).toEqual(['王五']);
    const text = JSON.stringify(h1);
    for (const id of world.h1Ids) expect(text).not.toContain(id);
    expect(text).not.toContain('13912345678'); // the household's own phone
    expect(text).not.toContain('患有大病');
    expect(text).not.toContain('王芳'); // members other than the head are not listed
  });

  it('lists the households of a grid subtree by 组 then house and refuses unknown ones', async () => {
    const world = await buildCardWorld(ctx());
    const { h1, h2, h3, h4 } = world.households;
    // 一组: 2号 (h2) before 一组12号 (h1); 二组: 3号, 4号.
    expect(householdsInGrid(ctx(), GRID.village).map((h) => h.id)).toEqual([h2, h1, h3, h4]);
    expect(householdsInGrid(ctx(), GRID.group2).map((h) => [h.head, h.gridName])).toEqual([
      ['陈刚', '二组'],
      ['黄强', '二组'],
    ]);
    expect(() => cardContent(ctx(), 9999)).toThrow('找不到编号为 9999 的农户');
  });

  it('orders by 组 as the grid tree is walked, then by 门牌 as numbers, 自然村, entry', async () => {
    await call(ctx(), 'setup.createVillage', VILLAGE);
    let seq = 0;
    const household = async (gridId: number, address: string, naturalVillage: string) => {
      seq++;
      return (
        await call<{ id: number }>(ctx(), 'households.create', {
          gridId,
          householdType: '一般农户',
          address,
          naturalVillage,
          members: [
            {
              name: `户主${seq}`,
              sex: '男',
              idNumber: validId('19650101', `${String(seq).padStart(2, '0')}1`, '532530'),
              relation: '本人',
            },
          ],
        })
      ).id;
    };
    // Entered out of order: 二组 first, 一组 12号 before 2号, two 一组2号 in different 自然村.
    const g2 = await household(GRID.group2, '二组1号', '大寨');
    const g1n12 = await household(GRID.group1, '一组12号', '大寨');
    const g1n2xiao = await household(GRID.group1, '一组2号', '小寨');
    const g1n2da = await household(GRID.group1, '一组2号', '大寨');
    const g1n2da2 = await household(GRID.group1, '一组2号', '大寨');
    const g1n3 = await household(GRID.group1, '一组3号', '');
    const order = [g1n2da, g1n2da2, g1n2xiao, g1n3, g1n12, g2];
    expect(householdsInGrid(ctx(), GRID.village).map((h) => h.id)).toEqual(order);
    expect(householdsInGrid(ctx(), undefined).map((h) => h.id)).toEqual(order);
    // A hand-picked list is put in the same order; duplicates go, an unknown id stays last.
    expect(inPrintOrder(ctx(), [g2, 999, g1n12, g1n2xiao, g2, g1n2da])).toEqual([
      g1n2da,
      g1n2xiao,
      g1n12,
      g2,
      999,
    ]);
  });
});

describe('明白纸 content hash', () => {
  const runtime = useTestRuntime();
  const ctx = () => runtime().ctx;

  it('depends on the content only: not on key order, the issue date or the household id', async () => {
    const world = await buildCardWorld(ctx());
    const card = cardContent(ctx(), world.households.h2);
    const reordered = Object.fromEntries(Object.entries(card).reverse()) as CardContent;
    expect(stableJson(reordered)).toBe(stableJson(card));
    expect(cardHash(reordered)).toBe(cardHash(card));
    expect(cardHash({ ...card, issueDate: '2027-01-01', householdId: 1 })).toBe(cardHash(card));
    expect(cardHash(card)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with a worker phone, a 帮扶责任人 or a move, and only for the cards concerned', async () => {
    const world = await buildCardWorld(ctx());
    const { h1, h2, h3, h4 } = world.households;
    const hashes = () =>
      new CardSource(ctx()).contents([h1, h2, h3, h4]).map((card) => cardHash(card));
    const before = hashes();
    // Two households of one group with the same workers still differ (head, address).
    expect(new Set(before).size).toBe(4);

    await changeWorkerPhone(ctx(), world.workers.wangWu, '13700137111');
    const afterPhone = hashes();
    expect(afterPhone.map((h, i) => h !== before[i])).toEqual([false, false, true, true]);

    // 郑干部 is not on any card: changing his phone changes no card.
    await changeWorkerPhone(ctx(), world.workers.zheng, '13900000099');
    expect(hashes()).toEqual(afterPhone);

    await call(ctx(), 'contacts.assign', {
      householdId: h2,
      name: '新帮扶',
      unit: '县民政局',
      phone: '13600136111',
      startDate: '2026-05-01',
    });
    const afterContact = hashes();
    expect(afterContact.map((h, i) => h !== afterPhone[i])).toEqual([false, true, false, false]);

    await call(ctx(), 'households.move', { id: h4, gridId: GRID.group1, date: '2026-05-06' });
    expect(hashes().map((h, i) => h !== afterContact[i])).toEqual([false, false, false, true]);
  });
});
