import { createHash } from 'node:crypto';

/**
 * A deterministic train/test split by content hash: a row is in the test part when the first 32
 * bits of sha256(text) fall below `testFraction` of the range. Identical texts always land in the
 * same part, so duplicates cannot leak across the split, and no seed or row order is involved.
 */
export function hashSplit(text: string, testFraction = 0.2): 'train' | 'test' {
  const digest = createHash('sha256').update(text).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < testFraction ? 'test' : 'train';
}
