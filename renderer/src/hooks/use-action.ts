import { App } from 'antd';
import { useCallback, useState } from 'react';
import { errorText } from './use-call';

/**
 * Runs a change (a call that writes) with a busy flag; shows the success text, or the
 * service's Chinese error as is. Returns the result, or undefined when it failed.
 * `confirmDelete` asks first (a red 删除 and 取消) and runs the delete the same way.
 */
export function useAction() {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(
      work: () => Promise<T>,
      success?: string,
      /** Also told of a failure, e.g. to put each bad field's message under that field. */
      onError?: (reason: unknown) => void,
    ): Promise<T | undefined> => {
      setBusy(true);
      try {
        const result = await work();
        if (success) message.success(success);
        return result;
      } catch (reason) {
        message.error(errorText(reason));
        onError?.(reason);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [message],
  );
  const confirmDelete = useCallback(
    <T>({
      title,
      content,
      remove,
      success,
      onDone,
      onRefused,
    }: {
      title: string;
      /** What the delete takes with it, or keeps. */
      content?: string;
      remove: () => Promise<T>;
      success?: string;
      /**
       * After the delete succeeded, with its result (e.g. to close the deleted record's view);
       * the views showing it read again by themselves (api/query-client.ts).
       */
      onDone?: (result: T) => void;
      /**
       * Where a refusal goes instead of a passing toast, when the page keeps it in view (「不能删除」
       * with what blocks the delete and how many).
       */
      onRefused?: (text: string) => void;
    }) =>
      modal.confirm({
        title,
        content,
        okText: '删除',
        okButtonProps: { danger: true },
        cancelText: '取消',
        // The 删除 button spins until this settles; the dialog closes either way.
        onOk: async () => {
          if (!onRefused) {
            const result = await run(remove, success);
            if (result) onDone?.(result);
            return;
          }
          let result: T;
          try {
            result = await remove();
          } catch (reason) {
            onRefused(errorText(reason));
            return;
          }
          if (success) message.success(success);
          onDone?.(result);
        },
      }),
    [message, modal, run],
  );
  return { run, busy, confirmDelete };
}
