/**
 * A small seeded PRNG for sample data. Sample caseloads must come out the same for the same seed on
 * every machine and Node version, so nothing here touches Math.random or the clock.
 *
 * mulberry32 is enough: the data only has to look varied and be reproducible, not be unpredictable.
 * Independent streams (one per sample case and purpose) are keyed by hashing the seed with labels,
 * so the plan of case 17 does not shift when case 3 draws one more number.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/** 32-bit integer hash (murmur3 finaliser) used to derive stream seeds. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed of the stream named by `labels` under `seed` (strings are hashed character by character). */
export function streamSeed(seed: number, ...labels: (string | number)[]): number {
  let h = mix32(seed >>> 0 || 0x9e3779b9);
  for (const label of labels) {
    const text = String(label);
    for (let i = 0; i < text.length; i++) h = mix32(h ^ Math.imul(text.charCodeAt(i), 0x27d4eb2d));
    h = mix32(h ^ 0x165667b1);
  }
  return h;
}

export function prng(seed: number): Prng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [key, w] of entries) {
        if ((r -= w) < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
  };
}

/** A PRNG for one named purpose of one seed (see streamSeed). */
export const stream = (seed: number, ...labels: (string | number)[]): Prng => prng(streamSeed(seed, ...labels));
