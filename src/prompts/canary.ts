import { hash32 } from '../util/index.ts';
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

/** The version a split serves most (ties: the first listed): what `version` of a split label means. */
export function primaryVersion(split: readonly SplitEntry[]): number {
  let best = split[0] as SplitEntry;
  for (const entry of split) if (entry.weight > best.weight) best = entry;
  return best.version;
}
