import { Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import { useCall } from '../../hooks/use-call';

/** 已归档, with the 档号 on hover: a document is filed once (archive_items.document_id). */
export function FiledTag({ code }: { code: string }) {
  return (
    <Tooltip title={`档号 ${code}`}>
      <Tag color="blue" aria-label={`已归档 ${code}`}>
        已归档
      </Tag>
    </Tooltip>
  );
}

/**
 * documentId → 档号 of the kept documents already filed, for pages that list documents
 * (公示公告, 明白纸). Reads again after any filing (the query cache); while the archive cannot
 * be read the map is empty and the 归档 buttons show (the service refuses a second filing
 * anyway).
 */
export function useFiledDocuments(): Map<number, string> {
  const filed = useCall('archive.documents', { filed: true });
  return useMemo(
    () =>
      new Map(
        (filed.data ?? [])
          .filter((d) => d.archivalCode !== null)
          .map((d) => [d.id, d.archivalCode!] as const),
      ),
    [filed.data],
  );
}
