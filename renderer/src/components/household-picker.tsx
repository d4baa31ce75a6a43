import { Select } from 'antd';
import { useMemo, useState } from 'react';
import type { SearchHit } from '../../../electron/api/roster-types';
import { useCall } from '../hooks/use-call';
import { useRosterSearch } from '../hooks/use-roster-search';

export interface PickedHousehold {
  id: number;
  headName: string;
  gridName: string;
  /** The household's current grid, when the caller knows it (a due row, a saved visit). */
  gridId?: number | null;
}

/**
 * The current grid of a household: the one it came with, or else looked up once
 * (households.get) — a search hit names the grid but does not carry its id. undefined while
 * loading; null for no household or one outside every grid.
 */
export function useHouseholdGrid(household: PickedHousehold | null): number | null | undefined {
  const lookUp = household !== null && household.gridId === undefined;
  const detail = useCall('households.get', lookUp ? { id: household.id } : null);
  if (!household) return null;
  if (household.gridId !== undefined) return household.gridId;
  return detail.data?.id === household.id ? (detail.data.grid?.id ?? null) : undefined;
}

/** A household to start a form with, by id (e.g. 登记问题 opened from the household's page). */
export function usePickedHousehold(householdId: number | null | undefined): {
  household: PickedHousehold | null;
  loading: boolean;
} {
  const detail = useCall('households.get', householdId ? { id: householdId } : null);
  const data = detail.data;
  if (!householdId) return { household: null, loading: false };
  if (!data || data.id !== householdId) return { household: null, loading: !detail.error };
  const head = data.members.find((m) => m.relation === '本人');
  return {
    household: {
      id: data.id,
      headName: head?.name ?? '（未登记户主）',
      gridName: data.grid?.name ?? '（未分网格）',
      gridId: data.grid?.id ?? null,
    },
    loading: false,
  };
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
