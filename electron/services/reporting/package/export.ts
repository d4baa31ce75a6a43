import type { ReportPackageFile } from '../../../api/report-package-contract';
import type { ReportPackageInput } from '../../../api/report-package-schemas';
import type { ServiceContext } from '../../context';
import { PACKAGE_TABLES } from '../format';
import { encryptPackage } from './crypto';
import { buildReportPackage, packageFileName } from './write';

/**
 * The 上报包 as a file (docs/domain.md §11): the zip, or with a password the zip encrypted as a
 * whole (.vlrp). The password is used here and forgotten: never stored, logged or audited.
 */
export function reportPackageFile(
  ctx: ServiceContext,
  input: ReportPackageInput,
  progress?: (done: number, total: number, phase: string) => void,
): ReportPackageFile {
  const built = buildReportPackage(
    ctx,
    { period: input.period, villageGridId: input.villageGridId },
    progress,
  );
  const encrypted = input.password !== undefined && input.password !== '';
  const data = encrypted ? encryptPackage(built.bytes, input.password!) : built.bytes;
  return {
    fileName: packageFileName(built.manifest.village.name, built.manifest.period, encrypted),
    data,
    encrypted,
    village: built.manifest.village.name,
    period: built.manifest.period,
    counts: PACKAGE_TABLES.map((t) => ({
      label: t.label,
      count: built.manifest.counts[t.name] ?? 0,
    })),
    privacy: built.manifest.privacy,
  };
}
