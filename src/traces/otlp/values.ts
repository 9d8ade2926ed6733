/**
 * OTLP values to plain JavaScript, for both encodings: protobuf messages decoded by protobufjs
 * (ids as bytes, 64-bit integers as Long) and OTLP/JSON (ids as hex, 64-bit integers as decimal
 * strings or numbers). Only own properties are read, since protobufjs puts defaults for absent
 * fields on the prototype and a oneof must be told by which member is actually present.
 */

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field by its OTLP/JSON name, or its proto (snake_case) name, which some senders use. */
export function field(o: Obj, camel: string, snake?: string): unknown {
  if (Object.hasOwn(o, camel)) return o[camel];
  if (snake !== undefined && Object.hasOwn(o, snake)) return o[snake];
  return undefined;
}

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

const isLong = (v: unknown): v is LongLike =>
  isObj(v) && typeof v.low === 'number' && typeof v.high === 'number';

/** A 64-bit integer as BigInt, or null when it is not one. */
export function toBigInt(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (isLong(v)) {
    const raw = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    return v.unsigned ? raw : BigInt.asIntN(64, raw);
  }
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : null;
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) return BigInt(v);
  return null;
}

/** Epoch nanoseconds (fixed64) → epoch microseconds; null when absent, zero or not a number. */
export function nanosToMicros(v: unknown): number | null {
  if (typeof v === 'number') {
    // JSON numbers above 2^53 are legal (and imprecise) here, but beyond ~2^63 ns is no 64-bit time.
    const micros = Number.isFinite(v) && v > 0 ? Math.floor(v / 1000) : Number.NaN;
    return micros <= Number.MAX_SAFE_INTEGER ? micros : null;
  }
  const n = toBigInt(v);
  if (n === null || n <= 0n) return null;
  const micros = n / 1000n;
  return micros > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(micros);
}

const HEX = /^[0-9a-f]+$/i;

/**
 * A trace id (16 bytes) or span id (8 bytes) as lower-case hex. '' when absent (empty), null when
 * malformed or all zeros (invalid per W3C). JSON ids are hex by the OTLP spec; base64 is accepted
 * too because some exporters send it.
 */
export function idHex(v: unknown, bytes: 8 | 16): string | null {
  if (v === undefined || v === null) return '';
  if (v instanceof Uint8Array) {
    if (v.length === 0) return '';
    if (v.length !== bytes) return null;
    const hex = Buffer.from(v.buffer, v.byteOffset, v.length).toString('hex');
    return /^0+$/.test(hex) ? null : hex;
  }
  if (typeof v !== 'string') return null;
  if (v === '') return '';
  let hex: string | null = null;
  if (v.length === bytes * 2 && HEX.test(v)) hex = v.toLowerCase();
  else if (v.length === Math.ceil(bytes / 3) * 4 && /^[A-Za-z0-9+/]+=*$/.test(v)) {
    const decoded = Buffer.from(v, 'base64');
    if (decoded.length === bytes) hex = decoded.toString('hex');
  }
  return hex === null || /^0+$/.test(hex) ? null : hex;
}

const MAX_DEPTH = 16;

/** AnyValue → JS value (bytes as base64, big integers beyond 2^53 as decimal strings). */
export function anyValue(v: unknown, depth = 0): unknown {
  if (!isObj(v) || depth > MAX_DEPTH) return null;
  if (Object.hasOwn(v, 'stringValue')) return typeof v.stringValue === 'string' ? v.stringValue : null;
  if (Object.hasOwn(v, 'boolValue')) return typeof v.boolValue === 'boolean' ? v.boolValue : null;
  if (Object.hasOwn(v, 'intValue')) {
    const n = toBigInt(v.intValue);
    if (n === null) return null;
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(n)
      : String(n);
  }
  if (Object.hasOwn(v, 'doubleValue')) {
    const d = v.doubleValue;
    if (typeof d === 'number') return d;
    return typeof d === 'string' && d.trim() !== '' && !Number.isNaN(Number(d)) ? Number(d) : null;
  }
  if (Object.hasOwn(v, 'arrayValue')) {
    const values = isObj(v.arrayValue) ? v.arrayValue.values : undefined;
    return Array.isArray(values) ? values.map((x) => anyValue(x, depth + 1)) : [];
  }
  if (Object.hasOwn(v, 'kvlistValue')) {
    const values = isObj(v.kvlistValue) ? v.kvlistValue.values : undefined;
    const out = dict();
    if (Array.isArray(values)) collectAttributes(values, out, depth + 1);
    return out;
  }
  if (Object.hasOwn(v, 'bytesValue')) {
    const b = v.bytesValue;
    if (b instanceof Uint8Array) return Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');
    return typeof b === 'string' ? b : null;
  }
  return null;
}

export const MAX_ATTRIBUTES = 1000;

/** A map for caller-chosen keys: no prototype, so a key named `__proto__` is just a key. */
export function dict(): Obj {
  return Object.create(null) as Obj;
}

/** KeyValue[] into `into` (later keys win); returns how many entries were malformed or over the cap. */
export function collectAttributes(list: unknown, into: Obj, depth = 0): number {
  if (!Array.isArray(list)) return list === undefined || list === null ? 0 : 1;
  let bad = 0;
  let count = 0;
  for (const kv of list) {
    if (!isObj(kv) || typeof kv.key !== 'string' || kv.key === '' || count >= MAX_ATTRIBUTES) {
      bad++;
      continue;
    }
    into[kv.key] = anyValue(kv.value, depth);
    count++;
  }
  return bad;
}
