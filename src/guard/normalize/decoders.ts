/**
 * Decoders for payloads hidden in an encoding (base64, hex, URL-encoding, rot13). Each finding is
 * an extra text for the scanners to screen; the original text is still screened as written.
 * Decoded bytes must look like text (valid UTF-8, mostly printable, mostly letters): random
 * blobs such as base64 images or hashes yield nothing, so they cost nothing downstream.
 */

export type PayloadKind = 'base64' | 'hex' | 'url' | 'rot13';

export interface DecodedPayload {
  kind: PayloadKind;
  /** The decoded text. */
  text: string;
  /** Where the encoded run sits in the input (UTF-16 offsets). */
  start: number;
  end: number;
}

export interface DecodeOptions {
  /** Stop after this many payloads (default 8). */
  maxPayloads?: number;
  /** Ignore encoded runs longer than this many characters (default 65,536). */
  maxRunLength?: number;
}

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-fA-F]{2}){8,}|(?:\\x[0-9a-fA-F]{2}){4,}|(?:[0-9a-fA-F]{2}[ :]){7,}[0-9a-fA-F]{2}/g;
const URL_RUN = /[^\s%]*(?:%[0-9a-fA-F]{2}[^\s%]*){3,}/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Instruction words whose rot13 forms betray a rot13-encoded instruction. */
const ROT13_TRIGGERS = new Set(
  [
    'ignore',
    'previous',
    'instructions',
    'instruction',
    'system',
    'prompt',
    'forget',
    'disregard',
    'reveal',
    'rules',
    'override',
    'bypass',
    'pretend',
    'jailbreak',
    'password',
    'secret',
    'above',
    'everything',
  ].map(rot13),
);

export function rot13(text: string): string {
  return text.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Decoded bytes → text, or undefined when they do not look like human-readable text. */
function asReadableText(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  let printable = 0;
  let letters = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) printable++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  const n = [...text].length;
  return printable / n >= 0.95 && letters / n >= 0.5 ? text : undefined;
}

function decodeBase64Run(run: string): string | undefined {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return asReadableText(bytes);
}

function decodeHexRun(run: string): string | undefined {
  const hex = run.replace(/\\x|[ :]/g, '');
  return asReadableText(Buffer.from(hex, 'hex'));
}

function decodeUrlRun(run: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(run.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
  return decoded !== run && /\p{L}{2}/u.test(decoded) ? decoded : undefined;
}

type Decoder = (run: string) => string | undefined;

const RUN_DECODERS: ReadonlyArray<{ kind: PayloadKind; pattern: RegExp; decode: Decoder }> = [
  { kind: 'base64', pattern: BASE64_RUN, decode: decodeBase64Run },
  { kind: 'hex', pattern: HEX_RUN, decode: decodeHexRun },
  { kind: 'url', pattern: URL_RUN, decode: decodeUrlRun },
];

function rot13Payload(text: string): DecodedPayload | undefined {
  let hits = 0;
  for (const match of text.matchAll(/[A-Za-z]{4,}/g)) {
    if (ROT13_TRIGGERS.has(match[0].toLowerCase()) && ++hits >= 2) {
      return { kind: 'rot13', text: rot13(text), start: 0, end: text.length };
    }
  }
  return undefined;
}

/** Finds encoded runs in `text` that decode to readable text. */
export function decodeEmbeddedPayloads(text: string, options: DecodeOptions = {}): DecodedPayload[] {
  const maxPayloads = options.maxPayloads ?? 8;
  const maxRun = options.maxRunLength ?? 65_536;
  const found: DecodedPayload[] = [];
  for (const { kind, pattern, decode } of RUN_DECODERS) {
    for (const match of text.matchAll(pattern)) {
      if (found.length >= maxPayloads) return found;
      if (match[0].length > maxRun) continue;
      const decoded = decode(match[0]);
      if (decoded !== undefined) {
        found.push({ kind, text: decoded, start: match.index, end: match.index + match[0].length });
      }
    }
  }
  const rot = found.length < maxPayloads ? rot13Payload(text) : undefined;
  if (rot) found.push(rot);
  return found;
}
