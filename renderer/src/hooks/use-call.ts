import { useCallback, useEffect, useState } from 'react';
import { ApiError, call } from '../api/client';
import type { MethodName, MethodResult } from '../../../electron/api/contract';

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads one no-argument method on mount and on reload(); errors keep their Chinese message. */
export function useCall<M extends MethodName>(method: M): CallState<MethodResult<M>> {
  const [data, setData] = useState<MethodResult<M>>();
  const [error, setError] = useState<ApiError>();
  // Loading is derived: the latest request (version) has not settled yet.
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState(-1);

  useEffect(() => {
    let live = true;
    (call as (m: MethodName, input?: unknown) => Promise<MethodResult<M>>)(method).then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(undefined);
        setSettled(version);
      },
      (reason: unknown) => {
        if (!live) return;
        setError(reason instanceof ApiError ? reason : new ApiError('INTERNAL', String(reason)));
        setSettled(version);
      },
    );
    return () => {
      live = false;
    };
  }, [method, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading: settled !== version, reload };
}

/** The message of anything thrown by call(), for an Alert or message.error. */
export function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
