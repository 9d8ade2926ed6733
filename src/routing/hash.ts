/**
 * 32-bit string hash: FNV-1a followed by murmur3's fmix32 finaliser. FNV alone clusters similar
 * short strings ("a#1", "a#2") on the ring; the finaliser spreads them. Not cryptographic.
 */
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
