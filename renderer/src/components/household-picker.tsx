import { Select } from 'antd';
import { useMemo, useState } from 'react';
import type { SearchHit } from '../../../electron/api/roster-types';
import { useRosterSearch } from '../hooks/use-roster-search';

export interface PickedHousehold {
  id: number;
  headName: string;
  gridName: string;
}

interface Option {
  value: number;
  label: string;
  household: PickedHousehold;
}

function optionOf(hit: SearchHit): Option {
  const who =
    hit.relation && hit.relation !== '本人'
      ? `${hit.name}（${hit.headName}户 ${hit.relation}）`
      : hit.name;
  return {
    value: hit.householdId,
    label: `${who} · ${hit.gridName} · ${hit.idMasked}`,
    household: { id: hit.householdId, headName: hit.headName, gridName: hit.gridName },
  };
}

/**
 * Picks a household by any member's name, pinyin initials, the last digits of an ID or a
 * phone (roster.search). The value is the household's id; `initial` names the household
 * already chosen when a form opens for editing.
 */
export function HouseholdPicker({
  value,
  onChange,
  onPicked,
  initial,
  width = '100%',
  ariaLabel = '农户',
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  onPicked?: (household: PickedHousehold | null) => void;
  initial?: PickedHousehold | null;
  width?: number | string;
  ariaLabel?: string;
}) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Option | null>(
    initial
      ? {
          value: initial.id,
          label: `${initial.headName} · ${initial.gridName}`,
          household: initial,
        }
      : null,
  );

  const found = useRosterSearch(query, 30);
  const hits = useMemo(() => {
    // One option per household: a hit on the head and one on a member are the same choice.
    const seen = new Set<number>();
    return found
      .filter((hit) => !seen.has(hit.householdId) && seen.add(hit.householdId))
      .map(optionOf);
  }, [found]);

  const options = query.trim() ? hits : chosen ? [chosen] : [];
  return (
    <Select<number, Option>
      aria-label={ariaLabel}
      style={{ width }}
      value={value ?? undefined}
      placeholder="输入户主或成员的姓名、拼音首字母、身份证后几位或电话"
      showSearch={{ filterOption: false, onSearch: setQuery, searchValue: query }}
      options={options}
      optionRender={(option) => option.data.label}
      labelRender={() => (chosen && chosen.value === value ? chosen.label : value)}
      allowClear
      notFoundContent={query.trim() ? '没有找到，换个写法试试' : '请输入要查找的内容'}
      onChange={(next, option) => {
        const picked = option && !Array.isArray(option) ? option : null;
        setChosen(picked);
        setQuery('');
        onChange?.(next ?? null);
        onPicked?.(picked?.household ?? null);
      }}
    />
  );
}
