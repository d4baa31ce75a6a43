import { z } from 'zod';

/** Shared building blocks; messages are the Chinese sentences the clerk reads. */
export const gridLevel = z.enum(['county', 'township', 'village', 'group'], {
  error: '层级只能是 县、乡镇、村 或 村民小组',
});
export type GridLevel = z.infer<typeof gridLevel>;

/** Order of levels: a child sits strictly below its parent. */
export const GRID_LEVEL_RANK: Record<GridLevel, number> = {
  county: 0,
  township: 1,
  village: 2,
  group: 3,
};

export const id = z
  .number({ error: '编号必须是数字' })
  .int('编号必须是整数')
  .positive('编号必须大于 0');

export const name = (label: string, max = 50) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);

export const optionalCode = z
  .string({ error: '代码必须是文字' })
  .trim()
  .max(32, '代码不能超过 32 个字符')
  .regex(/^[0-9A-Za-z_-]*$/, '代码只能包含数字、字母、下划线和短横线')
  .optional();

export const incomeLine = z.strictObject({
  year: z
    .number({ error: '年度必须是数字' })
    .int('年度必须是整数')
    .min(2015, '年度不能早于 2015')
    .max(2100, '年度不能晚于 2100'),
  amount: z
    .number({ error: '金额必须是数字' })
    .positive('金额必须大于 0')
    .max(1_000_000, '金额过大'),
});

export const settingsShape = z.strictObject({
  villageName: z.string().trim().max(50, '村名称不能超过 50 个字'),
  fondsCode: z
    .string()
    .trim()
    .max(20, '全宗号不能超过 20 个字符')
    .regex(/^[0-9A-Za-z-]*$/, '全宗号只能包含数字、字母和短横线'),
  householdCap: z
    .number({ error: '户数上限必须是数字' })
    .int('户数上限必须是整数')
    .min(1, '户数上限至少为 1')
    .max(2000, '户数上限不能超过 2000'),
  incomeLines: z
    .array(incomeLine)
    .max(100, '监测收入标准最多 100 条')
    .refine((lines) => new Set(lines.map((l) => l.year)).size === lines.length, {
      message: '同一年度只能有一个监测收入标准',
    }),
});
export type Settings = z.infer<typeof settingsShape>;

export const demoSize = z.enum(['village', 'township', 'county'], {
  error: '规模只能是 village、township 或 county',
});
export type DemoSize = z.infer<typeof demoSize>;
