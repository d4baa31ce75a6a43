/** A benchmark prints figures, it does not pass or fail: targets live here, not in unit tests. */
export interface BenchResult {
  name: string;
  /** Median of the runs. */
  median: number;
  unit: string;
  goal: string;
  runs: number[];
  note?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]> | BenchResult[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** p95 of a list of timings. */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

export function timeMs(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** One table row from the raw runs: median and each run rounded alike. */
export function summarize(
  name: string,
  runs: number[],
  unit: string,
  goal = '—',
  digits = 1,
): BenchResult {
  return {
    name,
    median: round(median(runs), digits),
    unit,
    goal,
    runs: runs.map((v) => round(v, digits)),
  };
}
