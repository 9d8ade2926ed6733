import type { ChatMessage } from '../../spec/chat.ts';
import { detectPii, type PiiScannerOptions } from '../scanners/pii/pii-scanner.ts';
import type { PiiEntity } from '../scanners/pii/types.ts';
import { createStreamRestorer, type StreamRestorer } from './stream-restorer.ts';

/**
 * Mask-and-restore for one request: personal data is replaced with typed placeholders
 * (`<EMAIL_1>`, `<PHONE_NUMBER_2>`) before the upstream call and put back in the answer. The same
 * value gets the same placeholder within the request, so the model can still refer to it
 * consistently. The mapping lives only in this object: nothing here logs, stores or exports it,
 * and it is garbage once the request is done.
 */

const LABELS: Record<string, string> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH',
  DATE_TIME: 'DATE',
  ADDRESS: 'ADDRESS',
  PERSON: 'PERSON',
};

export const PLACEHOLDER_RE = /<([A-Z][A-Z_]*_\d{1,6})>/g;

export interface MaskSession {
  /** Replaces PII in `text` with placeholders, reusing placeholders for values seen before. */
  mask(text: string): string;
  /** The placeholder for one value of a type (created on first use). */
  placeholderFor(value: string, type: string): string;
  /**
   * Marks placeholder-shaped text already in `text` (a user writing `<EMAIL_1>`) as taken, so no
   * placeholder repeats it and restoring the answer leaves the user's literal text alone. Call it
   * with every text of a request before masking any of them (`mask` and `maskSpans` do it too).
   */
  reserve(text: string): void;
  /** Replaces the given (sorted, non-overlapping) spans with placeholders labelled by span type. */
  maskSpans(text: string, spans: readonly { start: number; end: number; type: string }[]): string;
  /** Masks string contents and text parts of chat messages (returns new message objects). */
  maskMessages(messages: readonly ChatMessage[]): ChatMessage[];
  /** Puts the original values back for every known placeholder in `text`. */
  restore(text: string): string;
  /** A restorer for streamed answers, where a placeholder may be split across chunks. */
  streamRestorer(): StreamRestorer;
  /** Number of distinct values masked so far. */
  readonly size: number;
}

export interface MaskOptions {
  /** Entity types to mask (default: the PII scanner's default set, DEFAULT_PII_ENTITIES). */
  entities?: readonly PiiEntity[];
  minScore?: number;
}

export function createMaskSession(options: MaskOptions = {}): MaskSession {
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const counters = new Map<string, number>();
  const reserved = new Set<string>();
  const detectOptions: PiiScannerOptions = {
    ...(options.entities ? { entities: options.entities } : {}),
    ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
  };

  const placeholderFor = (value: string, type: string): string => {
    const key = `${type}\u0000${value}`;
    const existing = byValue.get(key);
    if (existing) return existing;
    // Other scanners' span types (e.g. a gitleaks rule id) become LABEL-shaped too.
    const label =
      LABELS[type] ??
      (type
        .toUpperCase()
        .replace(/[^A-Z]+/g, '_')
        .replace(/^_+|_+$/g, '') ||
        'VALUE');
    let n = counters.get(label) ?? 0;
    let placeholder: string;
    do placeholder = `<${label}_${++n}>`;
    while (reserved.has(placeholder));
    counters.set(label, n);
    byValue.set(key, placeholder);
    byPlaceholder.set(placeholder, value);
    return placeholder;
  };

  const restore = (text: string): string =>
    text.includes('<') ? text.replace(PLACEHOLDER_RE, (whole) => byPlaceholder.get(whole) ?? whole) : text;

  const reserve = (text: string): void => {
    if (!text.includes('<')) return;
    for (const m of text.matchAll(PLACEHOLDER_RE)) if (!byPlaceholder.has(m[0])) reserved.add(m[0]);
  };

  const session: MaskSession = {
    mask(text: string): string {
      return session.maskSpans(text, detectPii(text, detectOptions));
    },
    maskSpans(text: string, spans: readonly { start: number; end: number; type: string }[]): string {
      reserve(text);
      let out = '';
      let last = 0;
      for (const s of spans) {
        out += text.slice(last, s.start) + placeholderFor(text.slice(s.start, s.end), s.type);
        last = s.end;
      }
      return out + text.slice(last);
    },
    maskMessages(messages: readonly ChatMessage[]): ChatMessage[] {
      return messages.map((m) => {
        if (typeof m.content === 'string') return { ...m, content: session.mask(m.content) };
        if (!Array.isArray(m.content)) return m;
        const content = m.content.map((part) =>
          part.type === 'text' && typeof part.text === 'string'
            ? { ...part, text: session.mask(part.text) }
            : part,
        );
        return { ...m, content };
      });
    },
    placeholderFor,
    reserve,
    restore,
    streamRestorer(): StreamRestorer {
      return createStreamRestorer(restore);
    },
    get size(): number {
      return byPlaceholder.size;
    },
  };
  return session;
}
