/**
 * The code tables of the roster (docs/domain.md §1–2), as the screen words themselves: they are
 * what the national system, the paper forms and the import templates use, so storing them as
 * written keeps exports, drop-down lists and imports identical.
 */

export const ROLES = ['网格长', '网格员', '监管员', '监测员', '信息员'] as const;
export type Role = (typeof ROLES)[number];

export const SEXES = ['男', '女'] as const;
export type Sex = (typeof SEXES)[number];

export const HOUSEHOLD_TYPES = ['脱贫户', '一般农户'] as const;

/** 监测对象类别; a household that is not a monitoring object has none. */
export const MONITOR_CATEGORIES = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const;
export type MonitorCategory = (typeof MONITOR_CATEGORIES)[number];

/** 风险类型 (national code table); up to 5 per household. */
export const RISK_TYPES = [
  '因病',
  '因学',
  '因残',
  '因自然灾害',
  '因意外事故',
  '因产业项目失败',
  '因务工就业不稳',
  '缺劳动力',
  '其他',
] as const;
export type RiskType = (typeof RISK_TYPES)[number];
export const MAX_RISK_TYPES = 5;

/** Sub-types, only for 因自然灾害. */
export const DISASTER_SUBTYPES = ['洪涝', '地质', '旱灾', '生物', '气象', '地震', '其他'] as const;

export const RELATIONS = [
  '本人',
  '配偶',
  '子',
  '女',
  '儿媳',
  '女婿',
  '孙子女',
  '父母',
  '祖父母',
  '兄弟姐妹',
  '其他',
] as const;
/** The head of household is the member whose relation is 本人. */
export const HEAD_RELATION = '本人';

export const EDUCATION_LEVELS = [
  '学龄前儿童',
  '文盲或半文盲',
  '小学',
  '初中',
  '高中',
  '中专',
  '大专',
  '本科及以上',
] as const;

export const SCHOOL_STATUSES = [
  '非在校生',
  '学前教育',
  '小学',
  '初中',
  '高中',
  '中职',
  '高职高专',
  '本科及以上',
] as const;

export const HEALTH_STATUSES = ['健康', '长期慢性病', '患有大病', '残疾'] as const;

export const LABOUR_SKILLS = [
  '普通劳动力',
  '技能劳动力',
  '弱劳动力或半劳动力',
  '丧失劳动力',
  '无劳动力',
] as const;

/** 帮扶措施 categories; the first four are 开发式 (developmental). */
export const MEASURE_CATEGORIES = [
  '产业',
  '就业',
  '金融',
  '公益岗位',
  '健康',
  '义务教育保障',
  '其他教育',
  '综合保障',
  '住房安全',
  '饮水安全',
  '社会帮扶',
  '搬迁',
  '生产生活条件改善',
  '基础设施',
] as const;
export type MeasureCategory = (typeof MEASURE_CATEGORIES)[number];
export const DEVELOPMENTAL_CATEGORIES: readonly MeasureCategory[] = [
  '产业',
  '就业',
  '金融',
  '公益岗位',
];

export const MEASURE_STATUSES = ['计划', '实施中', '已完成'] as const;

export const ELIMINATION_STATUSES = ['未消除', '已消除'] as const;
export const ELIMINATION_METHODS = ['稳定消除', '自然消除'] as const;

/** 风险消除 is allowed only this many months after identification (docs/domain.md §2). */
export const ELIMINATION_MIN_MONTHS = 6;
