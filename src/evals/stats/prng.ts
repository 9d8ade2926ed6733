/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG. Plenty for bootstrap resampling (period 2^32, good
 * equidistribution for this use); not for anything security-related. Same seed → same stream, so
 * confidence intervals are reproducible run to run.
 */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export const randomIndex = (rng: () => number, n: number): number => Math.floor(rng() * n);
