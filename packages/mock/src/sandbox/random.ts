// A seeded generator, so that ids and fault draws repeat from one run to the next (`--seed`).
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** True with probability `rate` (0 never draws, so a fault that is off costs nothing). */
  chance(rate: number): boolean;
  /** `length` uppercase hexadecimal digits. */
  hex(length: number): string;
  /** `length` decimal digits, the first not zero. */
  digits(length: number): string;
}

/** mulberry32: small, fast and good enough for test data (not for secrets). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const HEX = '0123456789ABCDEF';
  return {
    next,
    chance: (rate) => rate > 0 && next() < rate,
    hex: (length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += HEX[Math.floor(next() * 16)];
      return out;
    },
    digits: (length) => {
      let out = String(1 + Math.floor(next() * 9));
      for (let i = 1; i < length; i++) out += String(Math.floor(next() * 10));
      return out;
    },
  };
}
