/**
 * What long work sees of its job, wherever it runs (a worker thread, or the main thread in a
 * job): progress for the status, a checkpoint between chunks that throws once cancel was asked
 * (a transaction around it rolls back), and the point past which it can no longer be stopped.
 */
export interface WorkHooks {
  progress(done: number, total: number, phase?: string): void;
  checkpoint(): void;
  /** The work's transaction committed: a cancel now would leave half of it, so none is taken. */
  committed(): void;
}

/** For work run outside any job (a test calling the service directly). */
export const NO_HOOKS: WorkHooks = {
  progress: () => undefined,
  checkpoint: () => undefined,
  committed: () => undefined,
};

/**
 * The same items, as an array whose iteration calls the checkpoint and reports progress every
 * `every` items: a loop written as `for (const x of items)` in a service that knows nothing of
 * jobs then stops between chunks when cancel is asked (roster-io/import.ts → writeHouseholds).
 */
export function checkpointed<T>(
  items: readonly T[],
  hooks: WorkHooks,
  phase: string,
  every = 200,
): T[] {
  const list = [...items];
  const total = list.length;
  Object.defineProperty(list, Symbol.iterator, {
    value: function* iterate(): Generator<T> {
      for (let i = 0; i < total; i++) {
        if (i % every === 0) {
          hooks.checkpoint();
          hooks.progress(i, total, phase);
        }
        yield list[i]!;
      }
      hooks.progress(total, total, phase);
    },
  });
  return list;
}
