import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError, callRead } from '../api/client';
import { queryClient } from '../api/query-client';
import type { MethodInput, MethodName, MethodResult } from '../../../electron/api/contract';

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Reads one method with an input through the query cache (api/query-client.ts), keyed
 * [method, input]: every view asking the same question shares one answer, and any successful
 * change elsewhere reads it again. Errors keep their Chinese message. `null` as input skips the
 * call (nothing selected). While a new input loads, the previous answer stays on screen.
 * `refresh`: a value that, when it changes, reads again (kept for callers that follow a
 * change the cache cannot see, e.g. a file written outside the app).
 */
export function useCall<M extends MethodName>(
  method: M,
  input?: MethodInput<M> | null,
  refresh: number = 0,
): CallState<MethodResult<M>> {
  const enabled = input !== null;
  // The key holds the input as sent (undefined → {}), so {} and no input share one entry; a
  // skipped call has its own key, so it never shows another view's answer.
  const sent: unknown = input ?? {};
  const query = useQuery({
    queryKey: [method, enabled ? sent : null],
    queryFn: async () => {
      try {
        return (await callRead(method, sent)) as MethodResult<M>;
      } catch (reason) {
        throw reason instanceof ApiError ? reason : new ApiError('INTERNAL', String(reason));
      }
    },
    enabled,
    placeholderData: keepPreviousData,
  });

  const { refetch } = query;
  const seen = useRef(refresh);
  useEffect(() => {
    if (seen.current === refresh) return;
    seen.current = refresh;
    if (enabled) void refetch();
  }, [refresh, enabled, refetch]);

  const reload = useCallback(() => {
    if (enabled) void refetch();
  }, [enabled, refetch]);

  return {
    data: query.data,
    error: (query.error as ApiError | null) ?? undefined,
    loading: enabled && query.isFetching,
    reload,
  };
}

/**
 * Puts a change's own answer (the whole problem a save returns) into the cache under the read
 * it answers, so every view showing that read has it at once rather than after the re-read.
 */
export function showAnswer<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  data: MethodResult<M>,
): void {
  queryClient.setQueryData([method, input ?? {}], data);
}

/** The message of anything thrown by call(), for an Alert or message.error. */
export function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
