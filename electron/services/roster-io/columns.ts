import {
  EDUCATION_LEVELS,
  HEALTH_STATUSES,
  HOUSEHOLD_TYPES,
  LABOUR_SKILLS,
  MONITOR_CATEGORIES,
  RELATIONS,
  ROLES,
  SCHOOL_STATUSES,
  SEXES,
} from '../../api/roster-enums';
import type { RosterKind } from '../../api/roster-io-types';
import { DATE_FORMS_HINT, ID_NUMBER_HINT, PHONE_HINT } from '../../api/normalize';

export type { RosterKind };

/**
 * The columns of the roster workbooks. Template, import and export all use these lists,
 * so a clerk can export, correct the file in Excel or WPS, and import it back.
 */
export type CellType =
  'text' | 'enum' | 'bool' | 'date' | 'int' | 'id' | 'grid' | 'risks' | 'phone';

export interface Column {
  header: string;
  /** The input field it feeds (household, member or worker/role field). */
  field: string;
  scope: 'household' | 'member' | 'worker' | 'role';
  type: CellType;
  options?: readonly string[];
  required?: boolean;
  /** Width in Excel units (one CJK character ≈ 2). */
  width: number;
  note?: string;
}

const YES_NO = ['是', '否'] as const;

export const HOUSEHOLD_SHEET = '农户与成员';
export const WORKER_SHEET = '网格员';
export const INSTRUCTIONS_SHEET = '填写说明';
export const LISTS_SHEET = '选项';

export const HOUSEHOLD_COLUMNS: readonly Column[] = [
  {
    header: '网格（村民小组）',
    field: 'grid',
    scope: 'household',
    type: 'grid',
    required: true,
    width: 22,
    note: '最下一级网格的名称；重名时写「村/组」',
  },
  {
    header: '户主身份证号',
    field: 'headIdNumber',
    scope: 'household',
    type: 'id',
    required: true,
    width: 22,
    note: '同一户的每一行都填户主的身份证号',
  },
  { header: '户编号', field: 'householdNo', scope: 'household', type: 'text', width: 16 },
  { header: '住址', field: 'address', scope: 'household', type: 'text', width: 24 },
  { header: '自然村', field: 'naturalVillage', scope: 'household', type: 'text', width: 10 },
  {
    header: '联系电话',
    field: 'phone',
    scope: 'household',
    type: 'phone',
    width: 15,
    note: PHONE_HINT,
  },
  {
    header: '户类型',
    field: 'householdType',
    scope: 'household',
    type: 'enum',
    options: HOUSEHOLD_TYPES,
    required: true,
    width: 10,
  },
  {
    header: '监测对象类别',
    field: 'monitorCategory',
    scope: 'household',
    type: 'enum',
    options: MONITOR_CATEGORIES,
    width: 16,
  },
  {
    header: '识别认定日期',
    field: 'identifiedDate',
    scope: 'household',
    type: 'date',
    width: 13,
    note: `日期可写 ${DATE_FORMS_HINT}`,
  },
  {
    header: '风险类型',
    field: 'risks',
    scope: 'household',
    type: 'risks',
    width: 22,
    note: '最多 5 项，用顿号分开；自然灾害写「因自然灾害（洪涝）」',
  },
  {
    header: '整户无劳动能力兜底保障户',
    field: 'noLabourSupport',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 12,
  },
  {
    header: '已实施开发式帮扶',
    field: 'developmentalAid',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 10,
  },
  {
    header: '易地搬迁',
    field: 'relocated',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 9,
  },
  {
    header: '住房出现安全问题',
    field: 'housingUnsafe',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 10,
  },
  {
    header: '义务教育阶段失学辍学',
    field: 'schoolDropout',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 10,
  },
  {
    header: '饮水出现安全问题',
    field: 'waterUnsafe',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 10,
  },
  {
    header: '未参加基本医疗保险',
    field: 'noMedicalInsurance',
    scope: 'household',
    type: 'bool',
    options: YES_NO,
    width: 10,
  },
  { header: '姓名', field: 'name', scope: 'member', type: 'text', required: true, width: 10 },
  {
    header: '性别',
    field: 'sex',
    scope: 'member',
    type: 'enum',
    options: SEXES,
    required: true,
    width: 6,
  },
  {
    header: '身份证号',
    field: 'idNumber',
    scope: 'member',
    type: 'id',
    width: 22,
    note: ID_NUMBER_HINT,
  },
  {
    header: '与户主关系',
    field: 'relation',
    scope: 'member',
    type: 'enum',
    options: RELATIONS,
    required: true,
    width: 10,
  },
  {
    header: '出生日期',
    field: 'birthDate',
    scope: 'member',
    type: 'date',
    width: 12,
    note: `日期可写 ${DATE_FORMS_HINT}`,
  },
  { header: '民族', field: 'ethnicity', scope: 'member', type: 'text', width: 8 },
  {
    header: '文化程度',
    field: 'education',
    scope: 'member',
    type: 'enum',
    options: EDUCATION_LEVELS,
    width: 12,
  },
  {
    header: '在校生状况',
    field: 'schoolStatus',
    scope: 'member',
    type: 'enum',
    options: SCHOOL_STATUSES,
    width: 12,
  },
  {
    header: '健康状况',
    field: 'health',
    scope: 'member',
    type: 'enum',
    options: HEALTH_STATUSES,
    width: 12,
  },
  {
    header: '劳动技能',
    field: 'labourSkill',
    scope: 'member',
    type: 'enum',
    options: LABOUR_SKILLS,
    width: 18,
  },
  { header: '务工地点', field: 'workPlace', scope: 'member', type: 'text', width: 16 },
  { header: '务工时长（月）', field: 'workMonths', scope: 'member', type: 'int', width: 10 },
  {
    header: '基本医保',
    field: 'basicMedicalInsurance',
    scope: 'member',
    type: 'bool',
    options: YES_NO,
    width: 8,
  },
  {
    header: '大病保险',
    field: 'seriousIllnessInsurance',
    scope: 'member',
    type: 'bool',
    options: YES_NO,
    width: 8,
  },
  {
    header: '养老保险',
    field: 'pensionInsurance',
    scope: 'member',
    type: 'bool',
    options: YES_NO,
    width: 8,
  },
  {
    header: '低保',
    field: 'minimumLiving',
    scope: 'member',
    type: 'bool',
    options: YES_NO,
    width: 6,
  },
  // Optional: files made before these columns still import (docs/domain.md §2, §9).
  {
    header: '低保享受起始日期',
    field: 'minimumLivingSince',
    scope: 'member',
    type: 'date',
    width: 14,
    note: '「低保」为是时填写，可不填',
  },
  {
    header: '特困供养',
    field: 'extremePoverty',
    scope: 'member',
    type: 'bool',
    options: YES_NO,
    width: 8,
  },
  {
    header: '特困供养起始日期',
    field: 'extremePovertySince',
    scope: 'member',
    type: 'date',
    width: 14,
    note: '「特困供养」为是时填写，可不填',
  },
];

export const WORKER_COLUMNS: readonly Column[] = [
  { header: '姓名', field: 'name', scope: 'worker', type: 'text', required: true, width: 10 },
  {
    header: '性别',
    field: 'sex',
    scope: 'worker',
    type: 'enum',
    options: SEXES,
    required: true,
    width: 6,
  },
  {
    header: '电话',
    field: 'phone',
    scope: 'worker',
    type: 'phone',
    width: 15,
    note: `${PHONE_HINT}。同名同电话视为同一人，再次导入时更新`,
  },
  { header: '工作单位', field: 'unit', scope: 'worker', type: 'text', width: 22 },
  { header: '职务', field: 'post', scope: 'worker', type: 'text', width: 14 },
  { header: '出生年份', field: 'birthYear', scope: 'worker', type: 'int', width: 9 },
  {
    header: '网格',
    field: 'grid',
    scope: 'role',
    type: 'grid',
    width: 22,
    note: '网格名称；重名时写上级，如「杨柳村/一组」；不分工可留空',
  },
  { header: '网格职责', field: 'role', scope: 'role', type: 'enum', options: ROLES, width: 10 },
  { header: '职责说明', field: 'duties', scope: 'role', type: 'text', width: 30 },
  {
    header: '开始日期',
    field: 'startDate',
    scope: 'role',
    type: 'date',
    width: 12,
    note: `日期可写 ${DATE_FORMS_HINT}`,
  },
];

export const COLUMNS: Record<RosterKind, readonly Column[]> = {
  households: HOUSEHOLD_COLUMNS,
  workers: WORKER_COLUMNS,
};
export const SHEETS: Record<RosterKind, string> = {
  households: HOUSEHOLD_SHEET,
  workers: WORKER_SHEET,
};
