import type { SplitEntry } from './types.ts';

/**
 * Weighted choice between versions for canary / A-B labels. With a key (user or session id) the
 * choice is a consistent hash of `salt + key`: the same user always gets the same version while
 * the weights stay put, and different prompts split users independently (the salt is
 * `name@label`). Entries own consecutive slices of [0, 1) in listed order, so growing the last
 * entry's weight (the usual canary ramp) keeps every user already on it.
 */
export function pickSplit(
  split: readonly SplitEntry[],
  options: { key: string | null; salt: string },
): number {
  let total = 0;
  for (const entry of split) total += entry.weight;
  const point =
    options.key === null ? Math.random() : hash32(`${options.salt}\u0000${options.key}`) / 0x1_0000_0000;
  let edge = 0;
  for (const entry of split) {
    edge += entry.weight / total;
    if (point < edge) return entry.version;
  }
  return (split[split.length - 1] as SplitEntry).version;
}

/** FNV-1a then murmur3's fmix32 finaliser (FNV alone clusters similar short ids). Not cryptographic. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The version a split serves most (ties: the first listed): what `version` of a split label means. */
export function primaryVersion(split: readonly SplitEntry[]): number {
  let best = split[0] as SplitEntry;
  for (const entry of split) if (entry.weight > best.weight) best = entry;
  return best.version;
}
