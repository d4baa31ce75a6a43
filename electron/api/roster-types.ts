import type { GridRecord } from './types';

/** What lists and detail views carry: ID numbers and phones only masked (docs/domain.md §7). */

export interface RoleAssignment {
  id: number;
  workerId: number;
  workerName: string;
  gridId: number;
  gridName: string;
  role: string;
  duties: string;
  startDate: string;
  endDate: string | null;
}

export interface WorkerSummary {
  id: number;
  name: string;
  /** Pinyin initials of the name (张三 → zs), for the pickers' search. */
  initials: string;
  sex: string;
  phoneMasked: string;
  unit: string;
  post: string;
  birthYear: number | null;
  activeRoles: { gridId: number; gridName: string; role: string }[];
}

/**
 * 网格员 in the order a clerk picks from when nobody holds a role in a grid: the 网格员 does
 * the visits and reports what they find (docs/domain.md §1, §3), then the 网格长 who leads the
 * grid, then 监测员, 信息员 and 监管员.
 */
export const DEFAULT_ROLE_ORDER = ['网格员', '网格长', '监测员', '信息员', '监管员'] as const;

/** One page of workers.list: `total` counts every worker the filter matches. */
export interface WorkerPage {
  total: number;
  rows: WorkerSummary[];
}

/**
 * A worker holding a current role in a grid or a grid above it (workers.forGrid), with the
 * nearest such role: `depth` 0 is the grid itself, 1 the grid above it, and so on.
 */
export interface GridWorker extends WorkerSummary {
  nearest: { gridId: number; gridName: string; role: string; depth: number };
}

export interface GridWorkers {
  gridId: number;
  /** Nearest grid first, then by DEFAULT_ROLE_ORDER, then by name: the first is the default. */
  workers: GridWorker[];
}

export interface WorkerDetail extends WorkerSummary {
  note: string;
  /** A photo is kept in the data folder; fetch it with workers.photo. */
  hasPhoto: boolean;
  /** Every assignment, current and ended, newest first. */
  roles: RoleAssignment[];
}

export interface GridDetail {
  grid: GridRecord;
  /** Names from the root down to this grid. */
  path: string[];
  activeRoles: RoleAssignment[];
  householdCount: number;
  memberCount: number;
  householdCap: number;
  overCap: boolean;
}

export interface OverCapGrid {
  gridId: number;
  name: string;
  path: string[];
  householdCount: number;
  householdCap: number;
}

export interface HouseholdSummary {
  id: number;
  householdNo: string | null;
  headName: string;
  headIdMasked: string;
  phoneMasked: string;
  gridId: number | null;
  gridName: string;
  memberCount: number;
  householdType: string;
  monitorCategory: string | null;
  eliminationStatus: string | null;
}

export interface HouseholdPage {
  rows: HouseholdSummary[];
  total: number;
}

export interface MemberView {
  id: number;
  householdId: number;
  name: string;
  sex: string;
  idMasked: string;
  relation: string;
  /**
   * The birth date only for a member without an ID number. Beside a masked ID (前6后4) it
   * would be exactly the hidden digits, so a member with an ID gets `age` alone
   * (docs/domain.md §7, issue 14).
   */
  birthDate: string | null;
  /** Whole years on today's date, from the stored birth date; null when none is known. */
  age: number | null;
  ethnicity: string;
  education: string | null;
  schoolStatus: string | null;
  health: string;
  labourSkill: string | null;
  workPlace: string | null;
  workMonths: number | null;
  basicMedicalInsurance: boolean;
  seriousIllnessInsurance: boolean;
  pensionInsurance: boolean;
  minimumLiving: boolean;
  extremePoverty: boolean;
  /** When 低保 / 特困供养 was granted (docs/domain.md §2); null when not recorded. */
  minimumLivingSince: string | null;
  extremePovertySince: string | null;
}

export interface MeasureView {
  id: number;
  category: string;
  developmental: boolean;
  content: string;
  plannedDate: string | null;
  doneDate: string | null;
  status: string;
}

export interface ContactView {
  id: number;
  name: string;
  unit: string;
  phoneMasked: string;
  startDate: string;
  endDate: string | null;
}

export interface IncomeView {
  year: number;
  wageIncome: number | null;
  businessIncome: number | null;
  propertyIncome: number | null;
  transferIncome: number | null;
  businessCost: number | null;
  perCapitaNetIncome: number | null;
  compliantOutOfPocket: number | null;
}

export interface HouseholdDetail {
  id: number;
  householdNo: string | null;
  address: string;
  naturalVillage: string;
  phoneMasked: string;
  householdType: string;
  monitorCategory: string | null;
  identifiedDate: string | null;
  noLabourSupport: boolean;
  developmentalAid: boolean;
  relocated: boolean;
  housingUnsafe: boolean;
  schoolDropout: boolean;
  waterUnsafe: boolean;
  noMedicalInsurance: boolean;
  eliminationStatus: string | null;
  eliminationMethod: string | null;
  eliminationDate: string | null;
  note: string;
  grid: { id: number; name: string; path: string[] } | null;
  gridHistory: { gridId: number; gridName: string; startDate: string; endDate: string | null }[];
  members: MemberView[];
  risks: { riskType: string; disasterSubtype: string | null }[];
  incomes: IncomeView[];
  measures: MeasureView[];
  contacts: ContactView[];
  /** Whether 风险消除 may be marked now, and if not, why (in Chinese). */
  elimination: { allowed: boolean; reason: string | null };
}

export interface SearchHit {
  kind: 'household' | 'member';
  householdId: number;
  memberId: number | null;
  name: string;
  headName: string;
  relation: string | null;
  /** The household's current grid (a group: 一组). */
  gridName: string;
  /** The grid above it (the village: 杨柳村), '' when none. */
  villageName: string;
  idMasked: string;
  matchedBy: '姓名' | '拼音首字母' | '身份证号' | '电话';
}
