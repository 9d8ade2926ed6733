import { addressBlocks, loadSamples } from './pii-eval.ts';
import { detectPii } from './pii-scanner.ts';
import { PII_ENTITIES } from './types.ts';

/**
 * PII values out of their templates. Each value of the Presidio set's dev half (even template ids;
 * the held-out half is never read) is put into sentences Keel's authors wrote, which frame it
 * unlike any template: at the start of a sentence, after a label, in brackets, after a name and a
 * comma, typed in lower case inside a capitalised sentence. A detector that learned how the dev
 * templates introduce a value scores well on the dev half and poorly here: addresses were found
 * exactly 0.81 of the time and persons 0.77 when the dev half gave 0.985 and 0.914.
 */
export type ContextEvalType = 'ADDRESS_BLOCK' | 'PERSON' | 'PHONE_NUMBER';

export const CONTEXTS: Readonly<Record<ContextEvalType, readonly string[]>> = {
  ADDRESS_BLOCK: [
    'Ship it to {A}.',
    '{A} is where I live now.',
    'My new address: {A}',
    'Please update my address to {A}, thanks!',
    'we moved to {A} last spring',
    'The package (sent to {A}) never arrived.',
    'Address\n{A}\nPhone: 555-0100',
    'Send the invoice to John Smith, {A}, by Friday.',
    'To: {A}',
    "I'm staying at {A} until Sunday.",
    'Her office is located at {A} and opens at 9.',
    'Can you find restaurants near {A}?',
    'Billing address - {A}; shipping address - same.',
    '{A}',
    'Deliver to: {A}. Leave it at the door.',
    'He grew up at {A} before moving abroad.',
    'Is "{A}" a valid address?',
    'Our HQ ({A}) closes at noon.',
    // Structured text: CSV, key=value, markup, with no space after the separator.
    'Jane Doe;{A};555-0100',
    'address={A}',
    '<td>Jane Doe</td><td>{A}</td>',
    'name=Jane Doe|addr={A}|tier=gold',
    // Markdown: a table cell, inline code, a numbered list.
    '| Jane Doe | {A} | 555-0100 |',
    '`{A}`',
    '1. {A}\n2. Another place',
  ],
  PERSON: [
    'Please forward this to {A}.',
    '{A} will join the call at 3pm.',
    'Name: {A}',
    'I spoke with {A} yesterday about the refund.',
    'cc {A}',
    'Thanks, {A}',
    'The report was written by {A} and reviewed by the team.',
    'Dear {A},',
    'Is {A} still on leave?',
    'Our new hire ({A}) starts Monday.',
    'Can you draft an email to {A} about the delay?',
    'Signed: {A}',
  ],
  PHONE_NUMBER: [
    'Call me at {A}.',
    'My number is {A}',
    'Phone: {A}',
    'You can reach the office on {A} after 9.',
    'Text {A} if anything changes.',
    'Contact ({A}) for details.',
    'Mobile - {A}',
    'Please ring {A} tomorrow.',
  ],
};

export interface ContextEvalReport {
  type: ContextEvalType;
  /** Distinct values of the type in the dev half. */
  values: number;
  samples: number;
  /** Share of samples whose value is found with exactly its boundaries. */
  exactRecall: number;
  /** Share of samples whose value is found at least in part. */
  overlapRecall: number;
  /** Exact matches over all predicted spans of the type. */
  precision: number;
  /** Exact recall per context, in CONTEXTS[type] order. */
  perContext: number[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

type Span = { start: number; end: number };

/** The dev half's distinct values of the type (whole address blocks for ADDRESS_BLOCK). */
function devValues(dataDir: string, type: ContextEvalType): Set<string> {
  const values = new Set<string>();
  for (const sample of loadSamples(dataDir, 'dev')) {
    const gold = sample.spans.map((g) => ({
      type: g.entity_type,
      start: g.start_position,
      end: g.end_position,
    }));
    const spans =
      type === 'ADDRESS_BLOCK'
        ? addressBlocks(sample.full_text, gold, new Set(['ADDRESS', 'LOCATION']))
        : gold.filter((g) => g.type === type);
    for (const s of spans) values.add(sample.full_text.slice(s.start, s.end));
  }
  return values;
}

function predicted(text: string, type: ContextEvalType): Span[] {
  const spans = detectPii(text, { entities: PII_ENTITIES });
  return type === 'ADDRESS_BLOCK'
    ? addressBlocks(text, spans, new Set(['ADDRESS']))
    : spans.filter((s) => s.type === type);
}

/** `dataDir` is the shared data root (…/shared/data) or the Presidio JSON file. */
export function runContextEval(dataDir: string, type: ContextEvalType): ContextEvalReport {
  const values = devValues(dataDir, type);
  const contexts = CONTEXTS[type];
  let exact = 0;
  let overlap = 0;
  let found = 0;
  const perContext = contexts.map(() => 0);
  for (const value of values) {
    contexts.forEach((context, ci) => {
      const text = context.replace('{A}', value);
      const start = context.indexOf('{A}');
      const end = start + value.length;
      const spans = predicted(text, type);
      found += spans.length;
      if (spans.some((s) => s.start === start && s.end === end)) {
        exact++;
        perContext[ci] = (perContext[ci] as number) + 1;
      }
      if (spans.some((s) => s.start < end && start < s.end)) overlap++;
    });
  }
  const samples = values.size * contexts.length;
  return {
    type,
    values: values.size,
    samples,
    exactRecall: r3(exact / Math.max(1, samples)),
    overlapRecall: r3(overlap / Math.max(1, samples)),
    precision: r3(exact / Math.max(1, found)),
    perContext: perContext.map((n) => r3(n / Math.max(1, values.size))),
  };
}

/** The three types' reports, for `keel guard eval --suite pii`. */
export function runContextEvals(dataDir: string): ContextEvalReport[] {
  return (['ADDRESS_BLOCK', 'PERSON', 'PHONE_NUMBER'] as const).map((type) => runContextEval(dataDir, type));
}
