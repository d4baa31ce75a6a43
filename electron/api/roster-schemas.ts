import { z } from 'zod';
import { MOBILE_PATTERN, parseIdNumber } from './id-number';
import {
  DISASTER_SUBTYPES,
  EDUCATION_LEVELS,
  ELIMINATION_METHODS,
  HEALTH_STATUSES,
  HOUSEHOLD_TYPES,
  LABOUR_SKILLS,
  MAX_RISK_TYPES,
  MEASURE_CATEGORIES,
  MEASURE_STATUSES,
  MONITOR_CATEGORIES,
  RELATIONS,
  RISK_TYPES,
  ROLES,
  SCHOOL_STATUSES,
  SEXES,
} from './roster-enums';
import { normalizeIdNumber, normalizePhone } from './normalize';
import { id, isoDate, name, oneOf, personName, text } from './schemas';

/** A mobile (^1[3-9]\d{9}$) or a landline such as 0871-1234567 or 0871-12345678-801. */
export const LANDLINE_PATTERN = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
export const phone = (label = '电话') =>
  z
    .string({ error: `${label}必须是文字` })
    // The longest valid form (0871-12345678-801234) is 20 characters; abort: a megabyte is
    // refused by its length, never matched.
    .max(30, {
      message: `${label}格式不对：手机号为 1 开头的 11 位数字，座机如 0871-1234567`,
      abort: true,
    })
    // 138 1234 5678, 138-1234-5678, full-width digits → 13812345678 (normalize.ts).
    .transform(normalizePhone)
    .refine(
      (value) => value === '' || MOBILE_PATTERN.test(value) || LANDLINE_PATTERN.test(value),
      `${label}格式不对：手机号为 1 开头的 11 位数字，座机如 0871-1234567`,
    );

/**
 * 证件号码: an 18-character citizen ID (GB 11643 check character), or a 20/22-character
 * disability certificate number, which is the ID followed by category and grade digits
 * (and, for 22, two more characters for reissues).
 */
export const idNumber = z
  .string({ error: '身份证号必须是文字' })
  // Bounded before it is trimmed and upper-cased: a megabyte is refused by its length.
  .max(40, { message: '身份证号应为 18 位（残疾人证号为 20 或 22 位）', abort: true })
  // Full-width digits and Ｘ, blanks and hyphens between digit groups (normalize.ts).
  .transform(normalizeIdNumber)
  .superRefine((value, ctx) => {
    if (![18, 20, 22].includes(value.length)) {
      ctx.addIssue({ code: 'custom', message: '身份证号应为 18 位（残疾人证号为 20 或 22 位）' });
      return;
    }
    const parsed = parseIdNumber(value.slice(0, 18));
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.reason });
      return;
    }
    const suffix = value.slice(18);
    if (suffix && !/^\d{2}([0-9A-Z]{2})?$/.test(suffix)) {
      ctx.addIssue({
        code: 'custom',
        message: '残疾人证号在身份证号之后应为 2 位数字（22 位的再加 2 位字母或数字）',
      });
    }
  });

const flag = z.boolean({ error: '只能填 是 或 否' }).default(false);

export const memberInput = z
  .strictObject({
    name: personName('姓名', 30),
    // Left out when a valid ID gives it (docs/domain.md §2: a valid ID fills sex and birth date).
    sex: oneOf('性别', SEXES).optional(),
    idNumber: idNumber.nullish(),
    relation: oneOf('与户主关系', RELATIONS),
    birthDate: isoDate('出生日期').nullish(),
    ethnicity: text('民族', 20).default('汉族'),
    education: oneOf('文化程度', EDUCATION_LEVELS).nullish(),
    schoolStatus: oneOf('在校生状况', SCHOOL_STATUSES).nullish(),
    health: oneOf('健康状况', HEALTH_STATUSES).default('健康'),
    labourSkill: oneOf('劳动技能', LABOUR_SKILLS).nullish(),
    workPlace: text('务工地点', 100).nullish(),
    workMonths: z
      .number({ error: '务工时长必须是数字（月）' })
      .int('务工时长应为整月数')
      .min(1, '务工时长至少 1 个月')
      .max(12, '务工时长不能超过 12 个月')
      .nullish(),
    basicMedicalInsurance: flag,
    seriousIllnessInsurance: flag,
    pensionInsurance: flag,
    minimumLiving: flag,
    extremePoverty: flag,
    /**
     * When 低保 / 特困供养 was granted: optional, but a new grant must be screened for monitoring
     * that month, so the self-check lists a flag without a date (docs/domain.md §2, §9).
     */
    minimumLivingSince: isoDate('低保享受起始日期').nullish(),
    extremePovertySince: isoDate('特困供养起始日期').nullish(),
  })
  .superRefine((member, ctx) => {
    for (const [flagKey, dateKey, what] of [
      ['minimumLiving', 'minimumLivingSince', '低保'],
      ['extremePoverty', 'extremePovertySince', '特困供养'],
    ] as const) {
      if (member[dateKey] && !member[flagKey]) {
        ctx.addIssue({
          code: 'custom',
          path: [dateKey],
          message: `没有勾选「${what}」，不能填写${what}起始日期`,
        });
      }
    }
    if (Boolean(member.workPlace) !== (member.workMonths != null)) {
      ctx.addIssue({
        code: 'custom',
        path: [member.workPlace ? 'workMonths' : 'workPlace'],
        message: '务工地点和务工时长要么都填，要么都不填',
      });
    }
    const parsed = member.idNumber ? parseIdNumber(member.idNumber.slice(0, 18)) : undefined;
    if (!parsed?.ok) {
      if (!member.sex) ctx.addIssue({ code: 'custom', path: ['sex'], message: '请选择性别' });
      return;
    }
    if (member.birthDate && member.birthDate !== parsed.info.birthDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: `出生日期 ${member.birthDate} 与身份证号中的 ${parsed.info.birthDate} 不一致`,
      });
    }
    if (member.sex && member.sex !== parsed.info.sex) {
      ctx.addIssue({
        code: 'custom',
        path: ['sex'],
        message: `性别「${member.sex}」与身份证号（第 17 位表示${parsed.info.sex}性）不一致`,
      });
    }
  });
export type MemberInput = z.input<typeof memberInput>;
export type MemberData = z.output<typeof memberInput>;

export const riskInput = z
  .strictObject({
    riskType: oneOf('风险类型', RISK_TYPES),
    disasterSubtype: oneOf('自然灾害类型', DISASTER_SUBTYPES).nullish(),
  })
  .refine((risk) => !risk.disasterSubtype || risk.riskType === '因自然灾害', {
    message: '只有「因自然灾害」才填写自然灾害类型',
    path: ['disasterSubtype'],
  });

export const householdFields = z.strictObject({
  householdNo: text('户编号', 40)
    .regex(/^[0-9A-Za-z-]*$/, '户编号只能包含数字和字母')
    .nullish()
    .transform((v) => v || null),
  address: text('住址', 100).default(''),
  naturalVillage: text('自然村', 30).default(''),
  phone: phone('联系电话').default(''),
  householdType: oneOf('户类型', HOUSEHOLD_TYPES),
  monitorCategory: oneOf('监测对象类别', MONITOR_CATEGORIES).nullish(),
  identifiedDate: isoDate('识别认定日期').nullish(),
  noLabourSupport: flag,
  developmentalAid: flag,
  relocated: flag,
  housingUnsafe: flag,
  schoolDropout: flag,
  waterUnsafe: flag,
  noMedicalInsurance: flag,
  risks: z
    .array(riskInput)
    .max(MAX_RISK_TYPES, `风险类型最多 ${MAX_RISK_TYPES} 项`)
    .refine((risks) => new Set(risks.map((r) => r.riskType)).size === risks.length, {
      message: '风险类型不能重复',
    })
    .default([]),
  note: text('备注', 500).default(''),
});

const householdRules = <
  T extends { monitorCategory?: string | null; identifiedDate?: string | null },
>(
  household: T,
  ctx: z.RefinementCtx,
) => {
  if (household.monitorCategory && !household.identifiedDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['identifiedDate'],
      message: '监测对象请填写识别认定日期',
    });
  }
  if (!household.monitorCategory && household.identifiedDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['monitorCategory'],
      message: '填写了识别认定日期，请选择监测对象类别',
    });
  }
};

export const householdCreate = householdFields
  .extend({
    gridId: id,
    members: z.array(memberInput).min(1, '至少填写户主一人').max(30, '一户最多 30 人'),
  })
  .superRefine(householdRules)
  .superRefine((household, ctx) => {
    // Each rule points at the member it is about, so the message lands under that field.
    const heads = household.members.flatMap((m, i) => (m.relation === '本人' ? [i] : []));
    if (heads.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['members', heads[1] ?? 0, 'relation'],
        message:
          heads.length === 0
            ? '成员中要有一位与户主关系为「本人」的户主'
            : '一户只能有一位户主（与户主关系为「本人」）',
      });
    }
    const seen = new Set<string>();
    household.members.forEach((m, i) => {
      const key = m.idNumber?.slice(0, 18);
      if (!key) return;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'idNumber'],
          message: '与前面一位成员的身份证号重复',
        });
      }
      seen.add(key);
    });
  });
export type HouseholdCreateInput = z.input<typeof householdCreate>;

/** keepPhone: the phone is not sent (the form shows it masked) and stays as stored. */
export const householdUpdate = householdFields
  .extend({ id, keepPhone: z.boolean().optional() })
  .superRefine(householdRules);

/** 设为户主: the member becomes 本人 and the former head takes the relation given. */
export const setHeadInput = z.strictObject({
  id,
  formerHeadRelation: z.enum(RELATIONS.filter((r) => r !== '本人') as [string, ...string[]], {
    error: '请选择原户主与新户主的关系',
  }),
});

export const workerInput = z.strictObject({
  name: personName('姓名', 30),
  sex: oneOf('性别', SEXES),
  phone: phone('电话').default(''),
  unit: text('工作单位', 60).default(''),
  post: text('职务', 30).default(''),
  birthYear: z
    .number({ error: '出生年份必须是数字' })
    .int('出生年份应为整数')
    .min(1930, '出生年份不能早于 1930')
    .max(2010, '出生年份不能晚于 2010')
    .nullish(),
  note: text('备注', 500).default(''),
});

export const roleAssign = z.strictObject({
  workerId: id,
  gridId: id,
  role: oneOf('网格职责', ROLES),
  duties: text('职责说明', 500).default(''),
  startDate: isoDate('开始日期'),
});

export const measureInput = z
  .strictObject({
    householdId: id,
    category: oneOf('帮扶措施类别', MEASURE_CATEGORIES),
    content: name('措施内容', 500),
    plannedDate: isoDate('计划日期').nullish(),
    doneDate: isoDate('完成日期').nullish(),
    status: oneOf('措施状态', MEASURE_STATUSES),
  })
  .superRefine((measure, ctx) => {
    if (measure.status === '已完成' && !measure.doneDate) {
      ctx.addIssue({ code: 'custom', path: ['doneDate'], message: '已完成的措施请填写完成日期' });
    }
    if (measure.doneDate && measure.status !== '已完成') {
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: '填写了完成日期，措施状态应为「已完成」',
      });
    }
  });

export const contactInput = z.strictObject({
  householdId: id,
  name: personName('帮扶责任人姓名', 30),
  unit: text('工作单位', 60).default(''),
  phone: phone('帮扶责任人电话').default(''),
  startDate: isoDate('开始日期'),
});

/** 修改帮扶责任人: keepPhone as for households (the form never saw the number whole). */
export const contactUpdate = contactInput
  .omit({ householdId: true })
  .extend({ id, keepPhone: z.boolean().optional() });

/** A reason kept in the audit trail with a deletion (删除帮扶措施). */
export const deletionReason = z
  .string({ error: '请填写删除原因' })
  .trim()
  .min(1, '请填写删除原因')
  .max(200, '删除原因不能超过 200 个字');

const money = (label: string) =>
  z
    .number({ error: `${label}必须是数字（元）` })
    .min(-10_000_000)
    .max(100_000_000)
    .nullish();

const incomeYear = z
  .number({ error: '年度必须是数字' })
  .int()
  .min(2015, '年度不能早于 2015')
  .max(2100);

export const incomeKey = z.strictObject({ householdId: id, year: incomeYear });

export const incomeInput = z.strictObject({
  householdId: id,
  year: incomeYear,
  wageIncome: money('工资性收入'),
  businessIncome: money('生产经营性收入'),
  propertyIncome: money('财产性收入'),
  transferIncome: money('转移性收入'),
  businessCost: money('生产经营性支出'),
  perCapitaNetIncome: money('家庭人均纯收入'),
  compliantOutOfPocket: money('合规自付支出'),
});

export const eliminationInput = z.strictObject({
  householdId: id,
  method: oneOf('消除方式', ELIMINATION_METHODS),
  date: isoDate('消除日期'),
});
