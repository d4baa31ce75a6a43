import { ARCHIVE_KINDS } from './archive-types';
import { z } from 'zod';
import { normalizeDate, normalizePersonName } from './normalize';

/** Shared building blocks; messages are the Chinese sentences the clerk reads. */
/**
 * 'cell' is a 组内网格: a 村民小组 split into small grids of about 10–20 households
 * (docs/domain.md §1). It sits only directly under a group; its households' 所在组 is that group.
 */
export const gridLevel = z.enum(['county', 'township', 'village', 'group', 'cell'], {
  error: '层级只能是 县、乡镇、村、村民小组 或 组内网格',
});
export type GridLevel = z.infer<typeof gridLevel>;

/** Order of levels: a child sits strictly below its parent. */
export const GRID_LEVEL_RANK: Record<GridLevel, number> = {
  county: 0,
  township: 1,
  village: 2,
  group: 3,
  cell: 4,
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

/** Free text that may be left blank: trimmed, at most `max` characters. */
export const text = (label: string, max: number) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`);

/** A closed list; the message lists what is allowed, as a clerk would read it. */
export const oneOf = <T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: `${label}只能是：${values.join('、')}` });

/**
 * A real calendar date between 1900 and 2100, stored as 'YYYY-MM-DD'. Accepts every form a
 * clerk types or a spreadsheet writes (2026/3/1, 2026.3.1, 20260301, 2026年3月1日, full-width
 * digits) through the one normalizer (normalize.ts); anything else is refused naming the field.
 */
export const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    // abort: a megabyte-long "date" is refused by its length, never split and checked.
    .max(40, { message: `${label}的格式应为 2026-03-01`, abort: true })
    .transform((value, ctx) => {
      const parsed = normalizeDate(value, label);
      if (parsed.ok) return parsed.value;
      ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
      return z.NEVER;
    });

/** A person's name that may be left blank (反映人, 主持人): blanks removed as below. */
export const optionalPersonName = (label: string, max = 30) =>
  text(label, max * 4)
    .transform(normalizePersonName)
    .pipe(z.string().max(max, `${label}不能超过 ${max} 个字`));

/** A person's name: blanks removed as the normalizer says (张  三 → 张三), then required. */
export const personName = (label: string, max = 30) =>
  z
    .string({ error: `请填写${label}` })
    .max(max * 4, { message: `${label}不能超过 ${max} 个字`, abort: true })
    .transform(normalizePersonName)
    .pipe(z.string().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`));

/** A from … to filter (both inclusive): `.refine(dateRangeRule, dateRangeIssue)`. */
export const dateRangeRule = (range: { from?: string | undefined; to?: string | undefined }) =>
  !range.from || !range.to || range.from <= range.to;
export const dateRangeIssue = { path: ['to'], message: '结束日期不能早于开始日期' };

/**
 * A file's bytes as they cross the API (issue 15 item 4): a Uint8Array, which structured clone
 * (Electron IPC, the service process's MessagePort) and the web host's frame (api/frame.ts)
 * carry as is, never a base64 string. At most `maxBytes`; `empty` when a file may not be empty.
 */
export const fileBytes = (maxBytes: number, tooLarge: string, empty = '文件是空的') =>
  z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: '缺少文件内容' })
    // Guarded: a refusal of the type above still runs these (zod checks do not abort).
    .refine((bytes) => !(bytes instanceof Uint8Array) || bytes.byteLength > 0, empty)
    .refine((bytes) => !(bytes instanceof Uint8Array) || bytes.byteLength <= maxBytes, tooLarge);

/**
 * A file sent up (an archive scan, a ledger attachment): its name, shown in lists, and its
 * bytes, at most `maxBytes`.
 */
export const uploadFileFields = (maxBytes: number, tooLarge: string) => ({
  fileName: z
    .string({ error: '缺少文件名' })
    .trim()
    .min(1, '缺少文件名')
    .max(200, '文件名不能超过 200 个字'),
  data: fileBytes(maxBytes, tooLarge),
});

/**
 * A full path on this PC (a USB stick's folder, a package to verify): absolute, no NUL,
 * bounded. A relative path would be resolved against whatever folder the program was started
 * in, so `../../x` could land anywhere (issue 7, attack tests). The contract is shared with
 * the renderer, so no node:path here: / … , C:\ … or \\server\ … ; the services check
 * path.isAbsolute() as well, since C:\ is not absolute on Linux.
 */
export const absolutePath = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(1000, { message: `${label}过长`, abort: true })
    .refine((p) => !p.includes('\0'), `${label}含有无效字符`)
    .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), {
      message: `${label}应为完整路径，如 E:\\台账备份 或 /media/U盘`,
    });

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

const days = (label: string) =>
  z
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(1, `${label}至少 1 天`)
    .max(90, `${label}不能超过 90 天`);

/** One time limit of the problem workflow: a number of days, calendar or working days. */
export const deadlineRule = (label: string) =>
  z.strictObject({
    days: days(label),
    workingDays: z.boolean({ error: '请选择是否按工作日计算' }),
  });

/** A calendar date in a settings list (holidays, make-up working days). */
const calendarDay = z
  .string({ error: '日期必须是文字' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期的格式应为 2024-01-31')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, '不是有效的日期');

const dayList = (label: string) =>
  z
    .array(calendarDay)
    .max(400, `${label}最多 400 天`)
    .transform((list) => [...new Set(list)].sort());

/** Who decides 认定 / 消除 (docs/domain.md §3): 'township' 乡镇审定（县级备案） or 'county' 县级审定. */
export const DECISION_LEVELS = ['township', 'county'] as const;
export type DecisionLevel = (typeof DECISION_LEVELS)[number];

export const ARCHIVAL_CODE_PRESETS = ['DA/T 22-2015', 'DA/T 13-2022', 'custom'] as const;
/** 保管期限: 永久, 30 年, 10 年. */
export const RETENTION_CODES = ['Y', 'D30', 'D10'] as const;
export const retentionCode = z.enum(RETENTION_CODES, { error: '保管期限只能是 Y、D30 或 D10' });

export const FONT_CHOICES = ['noto-sans', 'simhei', 'simsun', 'simfang', 'kaiti'] as const;
export const fontChoice = z.enum(FONT_CHOICES, {
  error: '字体只能是：思源黑体（内置）、黑体、宋体、仿宋、楷体',
});
export type FontChoice = z.infer<typeof fontChoice>;

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
  /**
   * Time limits of the problem workflow (docs/domain.md §3, one township's rule book): 核实评议
   * within 2 days, 村内公示 at least 5 days, 乡镇审核 within 3 working days, the whole process
   * within 15 days. Provinces differ (Sichuan 2023: 10), so all are settings.
   */
  deadlines: z.strictObject({
    verify: deadlineRule('核实评议时限'),
    notice: deadlineRule('公示天数'),
    township: deadlineRule('乡镇审核时限'),
    total: deadlineRule('办结时限'),
  }),
  /** Working-day calendar: Monday to Friday, less these holidays, plus these make-up days (调休). */
  holidays: dayList('节假日'),
  workdays: dayList('调休上班日'),
  /** 监督电话 printed on every household card (docs/domain.md §5). */
  supervisionPhone: z
    .string({ error: '监督电话必须是文字' })
    .trim()
    .max(40, '监督电话不能超过 40 个字符')
    .regex(/^[0-9\-、，, ()（）转]*$/, '监督电话只能包含数字、短横线和分隔符'),
  /**
   * An app or 小程序 the village uses for 农户自主申报 (docs/domain.md §3), printed on the
   * 申报政策明白纸 beside 12317; blank when the village has none.
   */
  selfReportApp: z
    .string({ error: '申报小程序名称必须是文字' })
    .trim()
    .max(40, '申报小程序名称不能超过 40 个字'),
  /**
   * Which level decides 认定 / 消除 (docs/domain.md §3): 乡镇审定 with the county filing it
   * (县级备案, the 2023 township rule book, the default) or 县级审定. Only the label of the
   * decision step changes; it is stored at 县级审定 either way.
   */
  decisionLevel: z.enum(DECISION_LEVELS, {
    error: '审定层级只能是「乡镇审定（县级备案）」或「县级审定」',
  }),
  /** 风险消除公示 lasts longer than the usual 5 days in some counties (docs/domain.md §3: 7). */
  eliminationNoticeDays: z
    .number({ error: '风险消除公示天数必须是数字' })
    .int('风险消除公示天数必须是整数')
    .min(5, '风险消除公示天数不能少于 5 天')
    .max(30, '风险消除公示天数不能超过 30 天'),
  /**
   * Fonts for printing: the bundled Noto Sans SC always; the Windows system fonts (黑体, 宋体,
   * 仿宋, 楷体) where present, standing in for GB/T 9704's 小标宋 (title) and 仿宋 (body).
   */
  printFonts: z.strictObject({ title: fontChoice, body: fontChoice }),
  /** Filing (DA/T 22-2015, docs/domain.md §6): 档号 pattern, 门类, the categories and 机构(问题). */
  archive: z.strictObject({
    /**
     * 'DA/T 22-2015' → Z109-WS·2023-D30-BGS-0001; 'DA/T 13-2022' → Z109-WS·2023·D30·BGS-0001;
     * 'custom' uses `customPattern` with the fields {全宗号} {门类} {年度} {保管期限} {机构} {件号}.
     */
    codePreset: z.enum(ARCHIVAL_CODE_PRESETS, {
      error: `档号格式只能是：${ARCHIVAL_CODE_PRESETS.join('、')}`,
    }),
    customPattern: z
      .string({ error: '自定义档号格式必须是文字' })
      .trim()
      .max(80, '自定义档号格式不能超过 80 个字符'),
    classCode: z
      .string({ error: '门类代码必须是文字' })
      .trim()
      .regex(/^[A-Z]{1,4}$/, '门类代码应为 1 到 4 个大写字母，如 WS'),
    orgCode: z
      .string({ error: '机构（问题）代码必须是文字' })
      .trim()
      .regex(/^[0-9A-Z]{1,8}$/, '机构（问题）代码应为 1 到 8 个大写字母或数字，如 BGS'),
    orgName: z.string({ error: '请填写机构（问题）名称' }).trim().min(1).max(30),
    categories: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1, '请填写类别名称').max(20, '类别名称不能超过 20 个字'),
          retention: retentionCode,
        }),
      )
      .min(1, '至少要有一个归档类别')
      .max(30, '归档类别最多 30 个')
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, {
        message: '归档类别名称不能重复',
      }),
  }),
  /**
   * The 归档类别 of each kind the program files (docs/domain.md §6): one row per kind, the
   * 保管期限 is the category's, so one kind never goes under two retention periods.
   */
  archiveKinds: z
    .array(
      z.strictObject({
        kind: z.enum(ARCHIVE_KINDS, { error: `文件种类只能是：${ARCHIVE_KINDS.join('、')}` }),
        category: z.string().trim().min(1, '请选择归档类别').max(20, '类别名称不能超过 20 个字'),
      }),
    )
    .max(ARCHIVE_KINDS.length, `文件种类最多 ${ARCHIVE_KINDS.length} 个`)
    .refine((list) => new Set(list.map((k) => k.kind)).size === list.length, {
      message: '同一种文件只能有一个归档类别',
    }),
  /**
   * Public notices (docs/domain.md §4): the issuer's code in the 发文字号 (「X村委发〔2026〕3号」,
   * GB/T 9704; blank prints 〔2026〕3号) and how health measures appear on a notice: as the
   * plain 「健康帮扶」 or left off.
   */
  notices: z.strictObject({
    issuerCode: z
      .string({ error: '发文机关代字必须是文字' })
      .trim()
      .max(20, '发文机关代字不能超过 20 个字')
      .regex(/^[^〔〕[\]\d]*$/, '发文机关代字不要包含年份、序号或括号，如「某村委发」'),
    healthMeasures: z.enum(['generic', 'omit'], {
      error: '健康类措施只能「显示为健康帮扶」或「不列出」',
    }),
  }),
  /**
   * Who may be chosen at start as 当前操作员: a record of who did what in the audit trail,
   * not a password (anyone at the PC can pick any name or type a new one).
   */
  operators: z
    .array(name('操作员姓名', 20))
    .max(50, '操作员最多 50 个')
    .refine((list) => new Set(list).size === list.length, { message: '操作员姓名不能重复' }),
  /** Automatic daily backups kept in <data>/backups: the newest N, plus one per month. */
  backupKeep: z
    .number({ error: '保留备份份数必须是数字' })
    .int('保留备份份数必须是整数')
    .min(1, '至少保留 1 份自动备份')
    .max(100, '自动备份最多保留 100 份'),
  /**
   * How many searches by number (an ID's or phone's last 4, or a whole number) may run in any
   * minute (docs/domain.md §7): enough for a clerk, too few to guess masked digits.
   */
  digitSearchesPerMinute: z
    .number({ error: '每分钟按号码查找次数必须是数字' })
    .int('每分钟按号码查找次数必须是整数')
    .min(1, '每分钟按号码查找至少 1 次')
    .max(300, '每分钟按号码查找最多 300 次'),
});
export type Settings = z.infer<typeof settingsShape>;

export const demoSize = z.enum(['village', 'township', 'county'], {
  error: '规模只能是 village、township 或 county',
});
export type DemoSize = z.infer<typeof demoSize>;
