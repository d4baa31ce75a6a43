import { useCallback, useEffect, useState } from 'react';
import { ApiError, call } from '../api/client';
import type { MethodInput, MethodName, MethodResult } from '../../../electron/api/contract';

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

const untyped = call as (method: MethodName, input?: unknown) => Promise<unknown>;

/**
 * Loads one method with an input on mount, when the input changes, and on reload();
 * errors keep their Chinese message. `null` as input skips the call (nothing selected).
 * A new `refresh` value (e.g. a counter bumped after a change elsewhere) loads again.
 */
export function useCall<M extends MethodName>(
  method: M,
  input?: MethodInput<M> | null,
  refresh: number = 0,
): CallState<MethodResult<M>> {
  const [data, setData] = useState<MethodResult<M>>();
  const [error, setError] = useState<ApiError>();
  // Loading is derived: the latest request (version and input) has not settled yet.
  const [version, setVersion] = useState(0);
  const key = input === null ? null : JSON.stringify(input ?? {});
  const request = `${version}|${refresh}|${key}`;
  const [settled, setSettled] = useState('');

  useEffect(() => {
    if (key === null) return;
    let live = true;
    untyped(method, JSON.parse(key)).then(
      (result) => {
        if (!live) return;
        setData(result as MethodResult<M>);
        setError(undefined);
        setSettled(request);
      },
      (reason: unknown) => {
        if (!live) return;
        setError(reason instanceof ApiError ? reason : new ApiError('INTERNAL', String(reason)));
        setSettled(request);
      },
    );
    return () => {
      live = false;
    };
  }, [method, key, request]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading: key !== null && settled !== request, reload };
}

/** The message of anything thrown by call(), for an Alert or message.error. */
export function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
