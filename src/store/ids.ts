import { randomFillSync } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix ms, then a 42-bit counter (rand_a + top of rand_b, "method 1")
 * seeded randomly each millisecond, then 32 random bits. Ids from one process are strictly
 * increasing, so `ORDER BY id` is creation order and time-bounded scans walk the index in order.
 */

const MAX_COUNTER = 2 ** 42 - 1;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Random bytes come from a refilled pool: one syscall per 256 ids instead of one per id, since
// ids are minted on the request path.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function takeRandom(n: number): number {
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let value = 0;
  for (let i = 0; i < n; i++) value = value * 256 + (pool[poolOffset++] as number);
  return value;
}

let lastMs = -1;
let counter = 0;
/** `xxxxxxxx-xxxx-` for lastMs, rebuilt only when the millisecond changes. */
let prefix = '';

/** Seeds leave the top counter bit clear so a busy millisecond has ~2^41 ids of headroom. */
function seedCounter(): number {
  return takeRandom(6) % 2 ** 41;
}

function hex(byte: number): string {
  return HEX[byte & 0xff] as string;
}

function timestampHex(ms: number): string {
  return ms.toString(16).padStart(12, '0');
}

function setMs(ms: number): void {
  lastMs = ms;
  counter = seedCounter();
  const ts = timestampHex(ms);
  prefix = `${ts.slice(0, 8)}-${ts.slice(8, 12)}-`;
}

/** A new UUIDv7; `now` is injectable for tests (the monotonic clock never goes backwards). */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastMs) {
    setMs(now);
  } else if (++counter > MAX_COUNTER) {
    // Counter exhausted (or the clock stepped back): borrow the next millisecond, as RFC 9562 allows.
    setMs(lastMs + 1);
  }
  const high = Math.floor(counter / 2 ** 30); // 12 bits -> rand_a
  const low = counter % 2 ** 30; // 30 bits -> top of rand_b
  const tail = takeRandom(4);
  return (
    prefix +
    `${hex(0x70 | (high >>> 8))}${hex(high)}-` +
    `${hex(0x80 | (low >>> 24))}${hex(low >>> 16)}-` +
    `${hex(low >>> 8)}${hex(low)}${hex(tail >>> 24)}${hex(tail >>> 16)}${hex(tail >>> 8)}${hex(tail)}`
  );
}

/** The smallest UUIDv7 of millisecond `ms`: every id minted at or after `ms` compares greater or equal. */
export function uuidv7Floor(ms: number): string {
  const ts = timestampHex(Math.max(0, Math.floor(ms)));
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7000-8000-000000000000`;
}

/** The Unix ms embedded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** Canonical lower-case UUID text (any version), the only id form the stores accept. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
