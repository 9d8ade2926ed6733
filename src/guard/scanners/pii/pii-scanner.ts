import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { decodeEmbeddedPayloads } from '../../normalize/index.ts';
import { detectAddresses } from './detect-address.ts';
import { detectEmails, detectPhones } from './detect-contact.ts';
import { detectDateTimes } from './detect-datetime.ts';
import { detectDatesOfBirth } from './detect-dob.ts';
import { detectCards, detectIbans, detectSsns } from './detect-financial.ts';
import { detectIps } from './detect-network.ts';
import { detectPersons } from './detect-person.ts';
import { mapSpan, stripInvisible } from './invisible.ts';
import { loadNameLists } from './names-lexicon.ts';
import { keepBestNonOverlapping } from './overlaps.ts';
import { DEFAULT_PII_ENTITIES, type PiiDetector, type PiiEntity, type PiiSpan } from './types.ts';

export interface PiiScannerOptions {
  id?: string;
  /** Entity types to look for (default: DEFAULT_PII_ENTITIES, i.e. all but DATE_TIME). */
  entities?: readonly PiiEntity[];
  /** Candidates scoring below this are dropped (default 0.5). */
  minScore?: number;
  /**
   * Also look inside base64, hex and URL-encoded runs (one level), so "am9obkBleGFtcGxlLmNvbQ=="
   * is an email too. The span is the whole encoded run. Default true.
   */
  decode?: boolean;
}

const DETECTORS: Record<PiiEntity, PiiDetector> = {
  EMAIL_ADDRESS: detectEmails,
  PHONE_NUMBER: detectPhones,
  CREDIT_CARD: detectCards,
  IBAN_CODE: detectIbans,
  US_SSN: detectSsns,
  IP_ADDRESS: detectIps,
  DATE_OF_BIRTH: detectDatesOfBirth,
  DATE_TIME: detectDateTimes,
  ADDRESS: detectAddresses,
  PERSON: detectPersons,
};

/** When spans overlap, the stronger (then longer) one wins: a card number is not also a phone. */
export function resolveOverlaps(spans: PiiSpan[]): PiiSpan[] {
  return keepBestNonOverlapping(spans, (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
}

/** Finds PII spans (offsets in the original text, invisible characters included). */
export function detectPii(text: string, options: PiiScannerOptions = {}): PiiSpan[] {
  if (text.length === 0) return [];
  const found = detectPlain(text, options);
  // A loop, not push(...): a spread of >~120k spans overflows the stack (a flood of junk e-mails
  // would turn masking off through the step's onError).
  if (options.decode !== false) for (const s of detectEncoded(text, options)) found.push(s);
  return resolveOverlaps(found);
}

// "\n" written out inside a JSON string or a log line: a line break to read, of the same length.
const ESCAPED_BREAK = /\\[nrt]/g;

/**
 * Escaped line breaks ("02 Peter Zuidhove 188\\n Apt. 925", "Jane Doe\\nAcme" in a tool call's JSON
 * arguments) read as breaks by every detector: each two-character escape becomes a space and the
 * break it stands for, so offsets stay the text's own.
 */
const unescapeBreaks = (text: string): string =>
  text.includes('\\') ? text.replace(ESCAPED_BREAK, (m) => (m === '\\t' ? ' \t' : ' \n')) : text;

function detectPlain(text: string, options: PiiScannerOptions): PiiSpan[] {
  const minScore = options.minScore ?? 0.5;
  const stripped = stripInvisible(text);
  const readable = unescapeBreaks(stripped.text);
  const found: PiiSpan[] = [];
  for (const entity of options.entities ?? DEFAULT_PII_ENTITIES) {
    for (const s of DETECTORS[entity](readable)) {
      if (s.score < minScore) continue;
      found.push({ ...s, ...mapSpan(stripped, s.start, s.end) });
    }
  }
  return found;
}

/**
 * Personal data hidden in an encoded run (a model asked to "base64 the customer's email" is a
 * known way around output filters): the run counts as the strongest entity found inside it,
 * slightly discounted, and masking or redaction replaces the whole run.
 */
function detectEncoded(text: string, options: PiiScannerOptions): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const payload of decodeEmbeddedPayloads(text, { wordCiphers: false })) {
    const inner = resolveOverlaps(detectPlain(payload.text, options));
    const best = inner.sort((a, b) => b.score - a.score)[0];
    const score = (best?.score ?? 0) * 0.95;
    if (best && score >= (options.minScore ?? 0.5))
      spans.push({ start: payload.start, end: payload.end, type: best.type, score });
  }
  return spans;
}

/** Replaces each span with `[TYPE]`. Spans must be sorted and non-overlapping. */
export function redactSpans(
  text: string,
  spans: readonly { start: number; end: number; type: string }[],
): string {
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += `${text.slice(last, s.start)}[${s.type}]`;
    last = s.end;
  }
  return out + text.slice(last);
}

function inputText(input: ScanInput): string {
  return input.kind === 'text' ? input.text : input.call.function.arguments;
}

export function createPiiScanner(options: PiiScannerOptions = {}): Scanner {
  // The name lists load on first use: pay that when the policy is built, not on a request.
  loadNameLists();
  return {
    specVersion: 'v1',
    id: options.id ?? 'pii',
    checkpoints: ['input', 'output', 'action', 'retrieval'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      const text = inputText(input);
      const spans = detectPii(text, options);
      if (spans.length === 0) return { verdict: 'pass', score: 0 };
      const types = [...new Set(spans.map((s) => s.type))].sort();
      return {
        verdict: 'block',
        score: spans.reduce((max, s) => Math.max(max, s.score), 0),
        spans,
        redacted: redactSpans(text, spans),
        reason: `personal data found: ${types.join(', ')}`,
      };
    },
  };
}
