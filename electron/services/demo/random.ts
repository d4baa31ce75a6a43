/** Small deterministic PRNG (mulberry32): the same seed gives the same demo data everywhere. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks with weights, e.g. surnames by frequency. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Splits `total` into `parts` positive integers around the mean (±spread). */
  split(total: number, parts: number, spread = 0.35): number[] {
    if (!Number.isInteger(total) || !Number.isInteger(parts) || parts < 1 || total < parts) {
      throw new RangeError(`cannot split ${total} into ${parts} positive parts`);
    }
    const weights = Array.from({ length: parts }, () => 1 - spread + this.next() * 2 * spread);
    const sum = weights.reduce((a, b) => a + b, 0);
    const result = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
    let rest = total - result.reduce((a, b) => a + b, 0);
    for (let i = 0; rest !== 0; i = (i + 1) % parts) {
      if (rest > 0) {
        result[i]!++;
        rest--;
      } else if (result[i]! > 1) {
        result[i]!--;
        rest++;
      }
    }
    return result;
  }
}
