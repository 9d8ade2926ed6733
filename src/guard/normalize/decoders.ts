/**
 * Decoders for payloads hidden in an encoding (base64, hex, URL-encoding, rot13, reversed text).
 * Each finding is an extra text for the scanners to screen; the original text is still screened as
 * written.
 * Decoded bytes must look like text (valid UTF-8, mostly printable, mostly letters): random
 * blobs such as base64 images or hashes yield nothing, so they cost nothing downstream.
 */

export type PayloadKind = 'base64' | 'hex' | 'url' | 'rot13' | 'reversed';

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
  /**
   * Look for an instruction hidden word by word, rot13-encoded or reversed (default true; only
   * instruction scanners need it).
   */
  wordCiphers?: boolean;
}

// Base64 and contiguous hex runs are found by one linear scan over character codes (runsOf): as
// regexes (`[A-Za-z0-9+/_-]{16,}`) they were tried from every position of every shorter word,
// which was a third of the PII scanner's time on ordinary prose.
const MIN_BASE64_RUN = 16;
const MIN_HEX_RUN = 16;
const ESCAPED_HEX_RUN = /(?:\\x[0-9a-fA-F]{2}){4,}/g;
const SPACED_HEX_RUN = /(?:[0-9a-fA-F]{2}[ :]){7,}[0-9a-fA-F]{2}/g;
// A run starts only at the start of a whitespace-separated token: without that anchor every
// position of a long token without "%" would rescan it to the end (quadratic in its length).
const URL_RUN = /(?<!\S)[^\s%]*(?:%[0-9a-fA-F]{2}[^\s%]*){3,}/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Instruction words whose rot13 (or reversed) forms betray an encoded instruction. */
const TRIGGER_WORDS = [
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
];

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

interface Run {
  start: number;
  end: number;
}

// Character classes by code: 1 = base64 (A-Z a-z 0-9 + / _ -), 2 = hex digit.
const BASE64 = 1;
const HEX = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) CLASS[c] = BASE64;
  if (/[0-9a-fA-F]/.test(ch)) CLASS[c] = (CLASS[c] as number) | HEX;
}

/**
 * Maximal base64 runs (≥ 16, plus up to two "=") and maximal contiguous hex runs (≥ 16, cut to
 * an even length), in one pass over the character codes.
 */
function scanRuns(text: string): { base64: Run[]; hex: Run[] } {
  const base64: Run[] = [];
  const hex: Run[] = [];
  let b64Start = -1;
  let hexStart = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    const cls = c < 128 ? (CLASS[c] as number) : 0;
    if (cls & HEX) {
      if (hexStart < 0) hexStart = i;
    } else if (hexStart >= 0) {
      if (i - hexStart >= MIN_HEX_RUN) hex.push({ start: hexStart, end: i - ((i - hexStart) % 2) });
      hexStart = -1;
    }
    if (cls & BASE64) {
      if (b64Start < 0) b64Start = i;
    } else if (b64Start >= 0) {
      if (i - b64Start >= MIN_BASE64_RUN) {
        let end = i;
        while (end < n && end - i < 2 && text.charCodeAt(end) === 61) end++;
        base64.push({ start: b64Start, end });
      }
      b64Start = -1;
    }
  }
  return { base64, hex };
}

/** Hex runs: contiguous (from scanRuns), `\x41\x42…` and spaced "41 42 …". */
function hexRuns(text: string, contiguous: Run[]): Run[] {
  const runs = [...contiguous];
  const byRegex = (re: RegExp): Run[] =>
    [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (text.includes('\\x')) runs.push(...byRegex(ESCAPED_HEX_RUN));
  if (text.includes(' ') || text.includes(':')) runs.push(...byRegex(SPACED_HEX_RUN));
  return runs.sort((a, b) => a.start - b.start);
}

function urlRuns(text: string): Run[] {
  if (!text.includes('%')) return [];
  return [...text.matchAll(URL_RUN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const DECODERS: Readonly<Record<'base64' | 'hex' | 'url', Decoder>> = {
  base64: decodeBase64Run,
  hex: decodeHexRun,
  url: decodeUrlRun,
};

const reverse = (text: string): string => [...text].reverse().join('');
const ROT13_TRIGGERS = new Set(TRIGGER_WORDS.map(rot13));
// Palindromes and words that read as another English word backwards would fire on plain text.
const REVERSED_TRIGGERS = new Set(TRIGGER_WORDS.map(reverse).filter((w) => !TRIGGER_WORDS.includes(w)));

const TRIGGER_MIN = Math.min(...TRIGGER_WORDS.map((w) => w.length));
const TRIGGER_MAX = Math.max(...TRIGGER_WORDS.map((w) => w.length));
const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/**
 * The whole text, rot13-decoded or reversed, when two of its words are rot13 (or reversed) forms
 * of instruction words ("erongi lla suoiverp snoitcurtsni"). One scan over ASCII letter runs; only
 * runs as long as a trigger are sliced and looked up (this runs on every input, and a regex match
 * object per word was most of its cost).
 */
function wordTransformPayloads(text: string): DecodedPayload[] {
  let rot = 0;
  let reversed = 0;
  for (let i = 0; i < text.length && (rot < 2 || reversed < 2); ) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
    const length = i - start;
    if (length < TRIGGER_MIN || length > TRIGGER_MAX) continue;
    const word = text.slice(start, i).toLowerCase();
    if (ROT13_TRIGGERS.has(word)) rot++;
    if (REVERSED_TRIGGERS.has(word)) reversed++;
  }
  const found: DecodedPayload[] = [];
  if (rot >= 2) found.push({ kind: 'rot13', text: rot13(text), start: 0, end: text.length });
  if (reversed >= 2) found.push({ kind: 'reversed', text: reverse(text), start: 0, end: text.length });
  return found;
}

function runPayloads(text: string, maxPayloads: number, maxRun: number): DecodedPayload[] {
  const found: DecodedPayload[] = [];
  const { base64, hex } = scanRuns(text);
  const candidates: Array<[keyof typeof DECODERS, Run[]]> = [
    ['base64', base64],
    ['hex', hexRuns(text, hex)],
    ['url', urlRuns(text)],
  ];
  for (const [kind, runs] of candidates) {
    for (const run of runs) {
      if (found.length >= maxPayloads) return found;
      if (run.end - run.start > maxRun) continue;
      const decoded = DECODERS[kind](text.slice(run.start, run.end));
      if (decoded !== undefined) found.push({ kind, text: decoded, start: run.start, end: run.end });
    }
  }
  return found;
}

/**
 * The injection and PII scanners of one checkpoint decode the same text one after the other; the
 * last text's runs are kept (default limits only, texts up to 64 KiB, so a large body is not held
 * past its request) and the second scanner does not decode it again.
 */
const MEMO_MAX_CHARS = 65_536;
let last: { text: string; payloads: readonly DecodedPayload[] } | undefined;

/** Finds encoded runs in `text` that decode to readable text. */
export function decodeEmbeddedPayloads(text: string, options: DecodeOptions = {}): DecodedPayload[] {
  const maxPayloads = options.maxPayloads ?? 8;
  const maxRun = options.maxRunLength ?? 65_536;
  const defaults =
    options.maxPayloads === undefined && options.maxRunLength === undefined && text.length <= MEMO_MAX_CHARS;
  let runs: readonly DecodedPayload[];
  if (defaults && last?.text === text) runs = last.payloads;
  else {
    runs = runPayloads(text, maxPayloads, maxRun);
    if (defaults) last = { text, payloads: runs };
  }
  const found = [...runs];
  if (options.wordCiphers !== false && found.length < maxPayloads) found.push(...wordTransformPayloads(text));
  return found.slice(0, maxPayloads);
}
