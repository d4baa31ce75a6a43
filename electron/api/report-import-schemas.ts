import { z } from 'zod';
import { followJobId } from './jobs-contract';
import { fileBytes } from './schemas';

/** Village 上报包 given to a township workspace at once (docs/domain.md §11). */
export const MAX_IMPORT_PACKAGES = 100;
/** One package file as it crosses the API (format.ts PACKAGE_LIMITS bounds its content). */
const MAX_PACKAGE_BYTES = 512 * 1024 * 1024;

export const importPackagesInput = z.strictObject({
  files: z
    .array(
      z.strictObject({
        fileName: z
          .string({ error: '缺少文件名' })
          .trim()
          .min(1, '缺少文件名')
          .max(200, '文件名不能超过 200 个字'),
        data: fileBytes(MAX_PACKAGE_BYTES, '上报包超过 512 MB，不是村级上报包'),
      }),
      { error: '请选择上报包文件' },
    )
    .min(1, '请选择上报包文件')
    .max(MAX_IMPORT_PACKAGES, `一次最多导入 ${MAX_IMPORT_PACKAGES} 个上报包`),
  /** Opens encrypted packages; never stored nor logged. */
  password: z.string().max(200, '密码不能超过 200 个字').optional(),
  followJobId,
});

export const importsListInput = z
  .strictObject({
    limit: z.number().int('条数必须是整数').min(1).max(1000, '最多列出 1000 条').optional(),
  })
  .optional();
