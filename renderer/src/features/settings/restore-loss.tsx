import { Alert, Typography } from 'antd';
import type { RestoreLoss } from '../../../../electron/api/backup-types';

/** How much a restore would drop, all lists together (0: nothing). */
export const lossTotal = (loss: RestoreLoss): number =>
  loss.notices.total +
  loss.archiveItems.total +
  loss.households.total +
  loss.problems.total +
  loss.visits.total;

/** The listed entries, then 「等 N 份」 when the list was cut. */
function listed(entries: string[], total: number, unit: string): string {
  const shown = entries.join('、');
  return entries.length < total ? `${shown} 等 ${total} ${unit}` : shown;
}

/** 〔2026〕5号 → [2026, 5], to name the highest number the lost notices took. */
function numberParts(number: string): [number, number] | null {
  const match = /〔(\d{4})〕(\d+)号/.exec(number);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** The highest 发文字号 among the listed notices (they are listed newest first). */
export function highestNotice(loss: RestoreLoss): string | null {
  let best: { parts: [number, number]; text: string } | null = null;
  for (const item of loss.notices.items) {
    const parts = numberParts(item.number);
    if (!parts) continue;
    if (
      !best ||
      parts[0] > best.parts[0] ||
      (parts[0] === best.parts[0] && parts[1] > best.parts[1])
    ) {
      best = { parts, text: item.number };
    }
  }
  return best?.text ?? null;
}

/**
 * One line per kind of record the restore would drop, with their numbers (docs/domain.md §6):
 * 已发布公示 3 份（〔2026〕5号《…》…）、已归档文件 2 件（档号 …）、农户 1 户（户主 …）.
 */
export function lossLines(loss: RestoreLoss): { key: string; text: string }[] {
  const lines: { key: string; text: string }[] = [];
  if (loss.notices.total > 0) {
    const entries = loss.notices.items.map(
      (n) => `${n.number}《${n.title}》（${n.issueDate} 发布）`,
    );
    lines.push({
      key: 'notices',
      text: `已发布公示 ${loss.notices.total} 份：${listed(entries, loss.notices.total, '份')}`,
    });
  }
  if (loss.archiveItems.total > 0) {
    const entries = loss.archiveItems.items.map((i) => `档号 ${i.archivalCode}《${i.title}》`);
    lines.push({
      key: 'archive',
      text: `已归档文件 ${loss.archiveItems.total} 件：${listed(entries, loss.archiveItems.total, '件')}`,
    });
  }
  if (loss.households.total > 0) {
    const entries = loss.households.items.map(
      (h) => `户主 ${h.headName || '（未填）'}${h.code ? `（户编号 ${h.code}）` : ''}`,
    );
    lines.push({
      key: 'households',
      text: `农户 ${loss.households.total} 户：${listed(entries, loss.households.total, '户')}`,
    });
  }
  if (loss.problems.total > 0) {
    lines.push({ key: 'problems', text: `问题登记 ${loss.problems.total} 条` });
  }
  if (loss.visits.total > 0) {
    lines.push({ key: 'visits', text: `走访记录 ${loss.visits.total} 条` });
  }
  return lines;
}

/**
 * What the current data has that the backup lacks, shown before a restore replaces anything,
 * and the promise that numbers already posted or stamped are not handed out again.
 */
export function RestoreLossView({ loss, emptyData }: { loss: RestoreLoss; emptyData?: boolean }) {
  const lines = lossLines(loss);
  if (lines.length === 0) {
    return (
      <Alert
        type="success"
        showIcon
        title={
          emptyData
            ? '现在的台账还是空的，恢复不会丢失任何数据。'
            : '现在的数据里没有这份备份之外的公示、归档文件、农户、问题或走访，恢复后不会丢失它们。'
        }
      />
    );
  }
  const highest = highestNotice(loss);
  return (
    <Alert
      type="warning"
      showIcon
      title="恢复后将丢失："
      data-testid="restore-loss"
      description={
        <>
          <ul style={{ margin: '4px 0 8px', paddingInlineStart: 20 }}>
            {lines.map((line) => (
              <li key={line.key}>{line.text}</li>
            ))}
          </ul>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            已经用过的编号不会再用：
            {highest
              ? `以后发布的公示，编号接在已发过的最大号 ${highest} 之后；`
              : '以后发布的公示，编号接在已发过的最大号之后；'}
            归档文件的件号也接在已用过的最大号之后。需要这些数据时，请先把它们打印或导出，或者不要恢复这份备份。
          </Typography.Paragraph>
        </>
      }
    />
  );
}
