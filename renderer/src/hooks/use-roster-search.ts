import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../electron/api/roster-types';
import { ApiError, call } from '../api/client';

export interface RosterSearchState {
  hits: SearchHit[];
  /** The query the hits answer (trimmed), or null before the first answer. */
  answered: string | null;
  /**
   * Why a search gave nothing, in the service's words: a number that is neither its last 4
   * nor whole, or too many number searches in a minute (docs/domain.md §7).
   */
  refusal: string | null;
}

/**
 * roster.search for what is typed: a name or any part of it, pinyin initials, the last
 * digits of an ID, or a phone. An empty query sends nothing and leaves the last hits, which
 * callers then hide. `answered` tells "no hits" from "still asking".
 */
export function useRosterSearchState(query: string, limit?: number): RosterSearchState {
  const [state, setState] = useState<RosterSearchState>({
    hits: [],
    answered: null,
    refusal: null,
  });
  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let live = true;
    // A short pause so typing "zhang" does not send five searches.
    const timer = setTimeout(() => {
      call('roster.search', { query: q, limit }).then(
        (hits) => live && setState({ hits, answered: q, refusal: null }),
        (error: unknown) =>
          live &&
          setState({
            hits: [],
            answered: q,
            refusal: error instanceof ApiError ? error.message : null,
          }),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, limit]);
  return state;
}

/** The hits alone (the household picker's use). */
export function useRosterSearch(query: string, limit?: number): SearchHit[] {
  return useRosterSearchState(query, limit).hits;
}

/** Where a hit lives: 杨柳村 一组 (the group alone is ambiguous across villages). */
export function hitPlace(hit: SearchHit): string {
  return [hit.villageName, hit.gridName].filter(Boolean).join(' ') || '未分网格';
}

/** The plain sentence for a search that found nobody. */
export function noHitsText(query: string): string {
  return `没有找到“${query}”：可以试试姓名中的一个字、拼音首字母、身份证或电话后 4 位或完整号码`;
}
