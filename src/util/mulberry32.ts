/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32). Same seed, same stream, so training,
 * resampling and simulated output are reproducible bit for bit; not for anything security-related.
 */

/** Uniform uint32 draws; no allocation per draw. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform draws in [0, 1): the uint32 stream of `mulberry32(seed)` divided by 2^32. */
export function createRng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
