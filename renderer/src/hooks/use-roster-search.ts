import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../electron/api/roster-types';
import { call } from '../api/client';

/**
 * roster.search for what is typed: name, pinyin initials, the last digits of an ID, or a
 * phone. An empty query sends nothing and leaves the last hits, which callers then hide.
 */
export function useRosterSearch(query: string, limit?: number): SearchHit[] {
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let live = true;
    // A short pause so typing "zhang" does not send five searches.
    const timer = setTimeout(() => {
      call('roster.search', { query: q, limit }).then(
        (result) => live && setHits(result),
        () => live && setHits([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, limit]);
  return hits;
}
