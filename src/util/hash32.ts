/**
 * 32-bit non-cryptographic string hashing: FNV-1a over UTF-16 code units, finished with murmur3's
 * fmix32. FNV alone clusters similar short strings ("a#1", "a#2") and mixes its low bits poorly
 * (the ones a power-of-two mask keeps); the finaliser spreads them. Consistent assignment (hash
 * rings, canary splits), feature hashing and seeds all depend on these exact values: never change
 * them.
 */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step, for callers hashing a running window without building strings (int32 result). */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a of `text` (as uint32), starting from `seed` instead of the standard offset basis if given. */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h >>> 0;
}

/** murmur3's 32-bit finaliser (as uint32): every input bit affects every output bit. */
export function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a then fmix32: a well-spread uint32 for a string. */
export function hash32(text: string): number {
  return fmix32(fnv1a(text));
}
