import { AutoComplete, Input } from 'antd';
import { useState } from 'react';
import { useRosterSearch } from '../../hooks/use-roster-search';

/** One box: name, pinyin initials (zs → 张三), the last 4+ digits of an ID, or a phone. */
export function RosterSearch({ onOpenHousehold }: { onOpenHousehold: (id: number) => void }) {
  const [query, setQuery] = useState('');
  const hits = useRosterSearch(query);

  return (
    <AutoComplete
      style={{ width: 360 }}
      popupMatchSelectWidth={560}
      value={query}
      onChange={setQuery}
      options={(query.trim() ? hits : []).map((hit) => ({
        value: `${hit.memberId}`,
        label: (
          <span>
            <b>{hit.name}</b>
            {hit.relation !== '本人' && `（${hit.headName}户 ${hit.relation}）`} · {hit.gridName} ·{' '}
            {hit.idMasked} <span style={{ color: '#999' }}>按{hit.matchedBy}</span>
          </span>
        ),
        householdId: hit.householdId,
      }))}
      onSelect={(_, option) => {
        onOpenHousehold((option as { householdId: number }).householdId);
        setQuery('');
      }}
    >
      <Input.Search
        aria-label="查找农户或成员"
        placeholder="查找：姓名、拼音首字母、身份证后几位、电话"
        allowClear
      />
    </AutoComplete>
  );
}
