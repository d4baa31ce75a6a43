import { AutoComplete, Input } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import type { SearchHit } from '../../../../electron/api/roster-types';
import { call } from '../../api/client';
import { hitPlace, noHitsText, useRosterSearchState } from '../../hooks/use-roster-search';

/**
 * One box: a name or any character of it (桂 finds 李桂英), pinyin initials (zs → 张三), the
 * last 4 characters of an ID or phone, or a whole number (a longer tail is refused, and number
 * searches are limited per minute: the service's sentence is shown, docs/domain.md §7). Enter opens the only hit, or the first; a search that
 * finds nobody says so and what else to try (issue 12 item 6).
 */
export function RosterSearch({ onOpenHousehold }: { onOpenHousehold: (id: number) => void }) {
  const [query, setQueryState] = useState('');
  // The query as it is now, for an Enter whose search is still on its way.
  const current = useRef('');
  const setQuery = (value: string) => {
    current.current = value;
    setQueryState(value);
  };
  const { hits, answered, refusal } = useRosterSearchState(query);
  const [missed, setMissed] = useState<string | null>(null);
  const q = query.trim();
  const shown = q && answered === q ? hits : [];

  const open = (householdId: number) => {
    setQuery('');
    setMissed(null);
    onOpenHousehold(householdId);
  };
  const enter = async () => {
    const asked = current.current.trim();
    if (!asked) return;
    const found: SearchHit[] =
      answered === asked
        ? hits
        : await call('roster.search', { query: asked }).catch(() => [] as SearchHit[]);
    // A row picked with the arrow keys and Enter was opened by onSelect already.
    if (current.current.trim() !== asked) return;
    if (found[0]) open(found[0].householdId);
    else setMissed(asked);
  };

  const noHits = q !== '' && (answered === q || missed === q) && shown.length === 0;
  const options: { value: string; label: ReactNode; householdId: number; disabled?: boolean }[] =
    noHits
      ? [
          {
            value: '__none__',
            disabled: true,
            householdId: 0,
            label: <span role="status">{answered === q && refusal ? refusal : noHitsText(q)}</span>,
          },
        ]
      : shown.map((hit) => ({
          value: `${hit.memberId}`,
          label: (
            <span style={{ whiteSpace: 'nowrap' }}>
              <b>{hit.name}</b>
              {hit.relation !== '本人' && `（${hit.headName}户 ${hit.relation}）`} · {hitPlace(hit)}{' '}
              · {hit.idMasked} <span style={{ color: '#999' }}>按{hit.matchedBy}</span>
            </span>
          ),
          householdId: hit.householdId,
        }));
  return (
    <AutoComplete
      style={{ width: 360 }}
      popupMatchSelectWidth={600}
      value={query}
      defaultActiveFirstOption={false}
      onChange={(value: string) => {
        setQuery(value);
        setMissed(null);
      }}
      options={options}
      // Enter closes the list; after an Enter that found nobody the list (which holds the
      // 「没有找到」 sentence) stays open until the clerk types again or leaves the box.
      open={missed !== null && missed === q ? true : undefined}
      onBlur={() => setMissed(null)}
      onSelect={(_, option) => {
        const id = (option as { householdId?: number }).householdId;
        if (id) open(id);
      }}
    >
      <Input.Search
        aria-label="查找农户或成员"
        placeholder="查找：姓名或其中一个字、拼音首字母、身份证或电话后 4 位或完整号码"
        allowClear
        onSearch={(_value, _event, info) => {
          // The clear button also "searches": nothing to open then.
          if (info?.source === 'clear') return;
          void enter();
        }}
      />
    </AutoComplete>
  );
}
