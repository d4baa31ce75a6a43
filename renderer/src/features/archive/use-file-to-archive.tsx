import { App, Button, Typography } from 'antd';
import { useCallback } from 'react';
import { RETENTION_LABELS, type ArchiveItem } from '../../../../electron/api/archive-types';
import { openPage } from '../../app/navigation';
import { useAction } from '../../hooks/use-action';

/**
 * 归档 from the page where a document is made (公示公告, 明白纸, 月通报, 问题台账, 会商记录):
 * one call of archive.fileDocument or archive.fileGenerated, then a confirmation with the 档号
 * it got, or the service's Chinese message (e.g. 全宗号 not set, the year sealed). `filing`
 * keeps the button spinning so a second click cannot file the same thing twice.
 * `showFiled` is the confirmation alone, for a dialog that made the call itself.
 */
export function useFileToArchive() {
  const { modal } = App.useApp();
  const { run, busy } = useAction();

  const showFiled = useCallback(
    (what: string, item: ArchiveItem) => {
      const shown = modal.success({
        title: `已归档：${what}`,
        okText: '知道了',
        width: 480,
        content: (
          <>
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              档号：
              <Typography.Text strong copyable aria-label="档号">
                {item.archivalCode}
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {item.year} 年度 · {item.category} · 保管期限{RETENTION_LABELS[item.retention]} · 第{' '}
              {item.itemNo} 件，共 {item.pages} 页
            </Typography.Paragraph>
            <Button
              type="link"
              style={{ padding: 0 }}
              onClick={() => {
                shown.destroy();
                openPage('archive', { year: item.year });
              }}
            >
              到档案管理查看
            </Button>
          </>
        ),
      });
    },
    [modal],
  );

  const fileToArchive = useCallback(
    async (what: string, work: () => Promise<ArchiveItem>): Promise<ArchiveItem | undefined> => {
      const item = await run(work);
      if (item) showFiled(what, item);
      return item;
    },
    [run, showFiled],
  );
  return { fileToArchive, filing: busy, showFiled };
}
