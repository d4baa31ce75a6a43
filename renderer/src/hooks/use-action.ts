import { App } from 'antd';
import { useCallback, useState } from 'react';
import { errorText } from './use-call';

/**
 * Runs a change (a call that writes) with a busy flag; shows the success text, or the
 * service's Chinese error as is. Returns the result, or undefined when it failed.
 */
export function useAction() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(work: () => Promise<T>, success?: string): Promise<T | undefined> => {
      setBusy(true);
      try {
        const result = await work();
        if (success) message.success(success);
        return result;
      } catch (reason) {
        message.error(errorText(reason));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [message],
  );
  return { run, busy };
}
