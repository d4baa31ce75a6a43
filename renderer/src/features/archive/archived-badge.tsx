import { Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import type { FiledRecord, GeneratedKind } from '../../../../electron/api/archive-types';
import { useCall } from '../../hooks/use-call';

/**
 * 「已归档 档号 …」 beside the 归档 button of a page that files a record (月通报, 问题台账,
 * 会商记录, 明白纸): the same record is filed once (docs/domain.md §6), so the page says where
 * it went.
 */
export function ArchivedBadge({ code, title }: { code: string; title?: string }) {
  const tag = (
    <Tag color="blue" aria-label={`已归档 档号 ${code}`} style={{ marginInlineEnd: 0 }}>
      已归档 档号 {code}
    </Tag>
  );
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}

/**
 * The records of one generated kind already filed, by their filedKey (archive.filed). Reads
 * again after any filing (the query cache); while it cannot be read the map is empty (the
 * service still refuses a second filing, naming the 档号).
 */
export function useFiledRecords(kind: GeneratedKind): Map<string, FiledRecord> {
  const filed = useCall('archive.filed', { kind });
  return useMemo(() => new Map((filed.data ?? []).map((r) => [r.key, r] as const)), [filed.data]);
}
