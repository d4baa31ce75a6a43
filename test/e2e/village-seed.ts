import { idCheckChar } from '../../electron/api/id-number';
import type { ServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/dispatch';

/** Calls a contract method through dispatch(), as every door does; throws on its error. */
export async function must<T>(ctx: ServiceContext, method: string, input: unknown): Promise<T> {
  const result = await dispatch(ctx, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.result as T;
}

const id = (first17: string) => first17 + idCheckChar(first17);

/** The households a test can ask for, each a head alone. */
const HEADS = {
  zhang: { name: '张三', idNumber: id('53252919700101001') },
  li: { name: '李四', idNumber: id('53252919750505003') },
};

/**
 * 杨柳村 with 一组 (grid 4), worker 李建国 holding 网格员 there, and in it the households
 * asked for (张三's, 李四's); returns the worker's id and each household's.
 */
export async function seedVillage<K extends keyof typeof HEADS>(
  ctx: ServiceContext,
  heads: readonly K[],
): Promise<{ workerId: number } & Record<K, number>> {
  await must(ctx, 'setup.createVillage', {
    county: '石门县',
    township: '柳湾镇',
    village: '杨柳村',
    groups: ['一组', '二组'],
  });
  const worker = await must<{ id: number }>(ctx, 'workers.create', { name: '李建国', sex: '男' });
  await must(ctx, 'roles.assign', {
    workerId: worker.id,
    gridId: 4,
    role: '网格员',
    startDate: '2024-01-01',
  });
  const households = {} as Record<K, number>;
  for (const key of heads) {
    const household = await must<{ id: number }>(ctx, 'households.create', {
      gridId: 4,
      householdType: '一般农户',
      members: [{ ...HEADS[key], sex: '男', relation: '本人' }],
    });
    households[key] = household.id;
  }
  return { workerId: worker.id, ...households };
}

/** 'YYYY-MM-DD' of `days` from the app's today (the web host runs on the real clock). */
export function day(ctx: ServiceContext, days: number): string {
  const now = ctx.now();
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The app's today, as 'YYYY-MM-DD'. */
export const today = (ctx: ServiceContext) => day(ctx, 0);
