import { Button, Empty } from 'antd';
import type { ReactNode } from 'react';
import { formatNumber } from './format';

/**
 * What an empty list says (issue 12 item 7): with a filter set, that the filter hides rows —
 * how many there are in all, and a button to clear it — never "there is nothing"; without
 * one, what is missing and how to add it.
 */
export function ListEmpty({
  filtered,
  what,
  unit,
  total,
  onClear,
  empty,
}: {
  /** Whether any filter narrows the list. */
  filtered: boolean;
  /** 问题, 走访记录: what the list holds. */
  what: string;
  /** 件, 次, 户: the unit of `total`. */
  unit: string;
  /** How many rows there are without the filter (undefined while not known). */
  total: number | undefined;
  onClear?: () => void;
  /** The sentence for a list with nothing in it at all. */
  empty: ReactNode;
}) {
  if (!filtered) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <span role="status">
          没有符合筛选条件的{what}
          {total !== undefined && `，共有 ${formatNumber(total)} ${unit}${what}`}
          {onClear ? '，可清除筛选' : ''}
        </span>
      }
    >
      {onClear && (
        <Button size="small" onClick={onClear}>
          清除筛选
        </Button>
      )}
    </Empty>
  );
}
