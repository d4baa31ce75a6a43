import { describe, expect, it } from 'vitest';
import { DEMO_SHAPES } from '../../electron/services/demo/demo';
import { Random } from '../../electron/services/demo/random';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const take = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(43)).not.toEqual(take(42));
    expect(new Set(take(0)).size).toBe(20);
  });

  it('keeps next() in [0, 1) and int() within its inclusive bounds, reaching both ends', () => {
    const random = new Random(5);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = random.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = random.int(3, 7);
      expect(Number.isInteger(n)).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('follows the weights roughly in weighted()', () => {
    const random = new Random(8);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) {
      if (
        random.weighted([
          ['重', 9],
          ['轻', 1],
        ] as const) === '重'
      )
        heavy++;
    }
    expect(heavy).toBeGreaterThan(8_700);
    expect(heavy).toBeLessThan(9_300);
  });
});

describe('Random.split', () => {
  it.each(
    Object.entries(DEMO_SHAPES).flatMap(([size, shape]) => [
      [`${size}: villages over townships`, shape.villages, shape.townships],
      [`${size}: groups over villages`, shape.groups, shape.villages],
    ]),
  )('%s (%i into %i) sums exactly, all parts positive', (_label, total, parts) => {
    for (let seed = 1; seed <= 20; seed++) {
      const split = new Random(seed).split(total as number, parts as number);
      expect(split).toHaveLength(parts as number);
      expect(sum(split)).toBe(total);
      expect(split.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
    }
  });

  it('sums exactly with positive parts for many totals and part counts', () => {
    const random = new Random(77);
    for (let i = 0; i < 2000; i++) {
      const parts = random.int(1, 60);
      const total = parts + random.int(0, 5000);
      const spread = random.next() * 0.99;
      const split = random.split(total, parts, spread);
      expect(split).toHaveLength(parts);
      expect(sum(split)).toBe(total);
      expect(Math.min(...split)).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives all ones when total equals parts, and the whole when there is one part', () => {
    expect(new Random(1).split(10, 10)).toEqual(Array(10).fill(1));
    expect(new Random(1).split(4286, 1)).toEqual([4286]);
  });

  it('stays around the mean (±spread)', () => {
    const split = new Random(3).split(4286, 80);
    const mean = 4286 / 80;
    for (const part of split) {
      expect(part).toBeGreaterThanOrEqual(Math.floor(mean * 0.65) - 1);
      expect(part).toBeLessThanOrEqual(Math.ceil(mean * 1.35) + 1);
    }
  });
});
