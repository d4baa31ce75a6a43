import { z } from 'zod';
import { method } from './method';
import {
  contactInput,
  contactUpdate,
  deletionReason,
  eliminationInput,
  householdCreate,
  householdUpdate,
  incomeInput,
  incomeKey,
  measureInput,
  memberInput,
  roleAssign,
  setHeadInput,
  workerInput,
} from './roster-schemas';
import type {
  GridDetail,
  GridWorkers,
  HouseholdDetail,
  HouseholdPage,
  MemberView,
  OverCapGrid,
  RoleAssignment,
  SearchHit,
  WorkerDetail,
  WorkerPage,
} from './roster-types';
import { fileBytes, id, isoDate } from './schemas';

const byId = z.strictObject({ id });

/** Roster methods (网格花名册), merged into the one contract. */
export const rosterContract = {
  'grids.detail': method<GridDetail>()(byId),
  'grids.overCap': method<OverCapGrid[]>()(z.strictObject({}).optional()),

  /**
   * One page of workers by name, with their current roles, phones masked. `query`: a name or
   * any part of it, pinyin initials (zs), or a phone's last 4 digits or whole number (audited
   * and rate-limited as roster.search, docs/domain.md §7). `gridId`: only workers with a
   * current role in that grid or a grid below it.
   */
  'workers.list': method<WorkerPage>()(
    z
      .strictObject({
        query: z
          .string({ error: '请输入要查找的内容' })
          .max(40, '查找内容不能超过 40 个字')
          .optional(),
        gridId: id.optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .optional(),
  ),
  /** The workers over a grid (its own and those above it) in the default order. */
  'workers.forGrid': method<GridWorkers>()(z.strictObject({ gridId: id })),
  'workers.get': method<WorkerDetail>()(byId),
  'workers.create': method<WorkerDetail>()(workerInput),
  /** keepPhone: the phone is not sent (the form shows it masked) and stays as stored. */
  'workers.update': method<WorkerDetail>()(
    workerInput.extend({ id, keepPhone: z.boolean().optional() }),
  ),
  'workers.delete': method<{ id: number }>()(byId),
  'workers.setPhoto': method<WorkerDetail>()(
    z.strictObject({
      id,
      data: fileBytes(5 * 1024 * 1024, '照片不能超过 5 MB', '照片是空的'),
    }),
  ),
  'workers.removePhoto': method<WorkerDetail>()(byId),
  'workers.photo': method<{ dataUrl: string | null }>()(byId),
  'roles.assign': method<RoleAssignment>()(roleAssign),
  'roles.end': method<RoleAssignment>()(
    z.strictObject({ id, endDate: isoDate('结束日期').nullish() }),
  ),

  'households.list': method<HouseholdPage>()(
    z.strictObject({
      gridId: id.optional(),
      monitorOnly: z.boolean().optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(20_000).optional(),
    }),
  ),
  'households.get': method<HouseholdDetail>()(byId),
  'households.create': method<HouseholdDetail>()(householdCreate),
  'households.update': method<HouseholdDetail>()(householdUpdate),
  'households.delete': method<{ id: number }>()(byId),
  'households.move': method<HouseholdDetail>()(
    z.strictObject({ id, gridId: id, date: isoDate('调整日期').nullish() }),
  ),

  'members.add': method<MemberView>()(memberInput.safeExtend({ householdId: id })),
  'members.update': method<MemberView>()(
    memberInput.safeExtend({ id, keepIdNumber: z.boolean().optional() }),
  ),
  'members.remove': method<{ id: number }>()(byId),
  /** 设为户主: in one step the member becomes 本人 and the former head gets the relation given. */
  'members.setHead': method<HouseholdDetail>()(setHeadInput),

  'measures.save': method<HouseholdDetail>()(measureInput.safeExtend({ id: id.optional() })),
  /** The reason is kept in the audit trail with the deleted measure. */
  'measures.remove': method<HouseholdDetail>()(z.strictObject({ id, reason: deletionReason })),
  'contacts.assign': method<HouseholdDetail>()(contactInput),
  'contacts.end': method<HouseholdDetail>()(
    z.strictObject({ id, endDate: isoDate('结束日期').nullish() }),
  ),
  'contacts.update': method<HouseholdDetail>()(contactUpdate),
  'incomes.save': method<HouseholdDetail>()(incomeInput),
  'incomes.remove': method<HouseholdDetail>()(incomeKey),

  'elimination.mark': method<{ householdId: number }>()(eliminationInput),
  'elimination.revert': method<{ householdId: number }>()(
    z.strictObject({
      householdId: id,
      reason: z
        .string({ error: '请填写回退原因' })
        .trim()
        .min(1, '请填写回退原因')
        .max(200, '回退原因不能超过 200 个字'),
    }),
  ),

  'roster.search': method<SearchHit[]>()(
    z.strictObject({
      query: z.string({ error: '请输入要查找的内容' }).max(40, '查找内容不能超过 40 个字'),
      limit: z.number().int().min(1).max(100).optional(),
    }),
  ),
  'sensitive.reveal': method<{ value: string }>()(
    z.strictObject({
      field: z.enum(['member.idNumber', 'household.phone', 'worker.phone', 'contact.phone'], {
        error: '只能查看身份证号或电话',
      }),
      id,
    }),
  ),
} as const;
