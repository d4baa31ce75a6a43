import { householdGrids, householdRisks, households, members } from '../../../db/schema';
import { prepareBulkInsert } from '../bulk';
import type { ServiceContext } from '../context';

/**
 * Bulk inserts for whole households — the household, its members, its grid assignment and
 * risks — shared by the importer and the demo generator. Every column is listed, so a value
 * left out would be written as NULL: callers pass each field. Use inside a transaction.
 */
export function householdWriters(ctx: ServiceContext) {
  return {
    household: prepareBulkInsert(ctx.db, households, [
      'householdNo',
      'address',
      'naturalVillage',
      'phone',
      'phoneRev',
      'householdType',
      'monitorCategory',
      'identifiedDate',
      'noLabourSupport',
      'developmentalAid',
      'relocated',
      'housingUnsafe',
      'schoolDropout',
      'waterUnsafe',
      'noMedicalInsurance',
      'eliminationStatus',
      'eliminationMethod',
      'eliminationDate',
      'note',
    ]),
    member: prepareBulkInsert(ctx.db, members, [
      'householdId',
      'name',
      'nameInitials',
      'sex',
      'idNumber',
      'idKey',
      'idRev',
      'relation',
      'birthDate',
      'ethnicity',
      'education',
      'schoolStatus',
      'health',
      'labourSkill',
      'workPlace',
      'workMonths',
      'basicMedicalInsurance',
      'seriousIllnessInsurance',
      'pensionInsurance',
      'minimumLiving',
      'extremePoverty',
      'sortOrder',
    ]),
    assignment: prepareBulkInsert(ctx.db, householdGrids, [
      'householdId',
      'gridId',
      'startDate',
      'endDate',
    ]),
    risk: prepareBulkInsert(ctx.db, householdRisks, ['householdId', 'riskType', 'disasterSubtype']),
  };
}
