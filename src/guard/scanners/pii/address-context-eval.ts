import { addressBlocks, loadSamples } from './pii-eval.ts';
import { detectPii } from './pii-scanner.ts';
import { PII_ENTITIES } from './types.ts';

/**
 * Addresses out of their templates. Each whole address of the Presidio set's dev half (even
 * template ids; the held-out half is never read) is put into sentences Keel's authors wrote, which
 * frame it unlike any template: at the start of a sentence, after a label, in brackets, after a
 * name and a comma, typed in lower case inside a capitalised sentence. A detector that learned how
 * the dev templates introduce addresses scores well on the dev half and poorly here; this found
 * exact recall of 0.81 when the dev half was at 0.985.
 */
export const ADDRESS_CONTEXTS: readonly string[] = [
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
];

export interface AddressContextReport {
  /** Distinct whole addresses of the dev half. */
  addresses: number;
  samples: number;
  /** Share of samples whose address is found with exactly its boundaries. */
  exactRecall: number;
  /** Share of samples whose address is found at least in part. */
  overlapRecall: number;
  /** Exact matches over all predicted address blocks. */
  precision: number;
  /** Exact recall per context, in ADDRESS_CONTEXTS order. */
  perContext: number[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `dataDir` is the shared data root (…/shared/data) or the Presidio JSON file. */
export function runAddressContextEval(dataDir: string): AddressContextReport {
  const addresses = new Set<string>();
  for (const sample of loadSamples(dataDir, 'dev')) {
    const gold = sample.spans.map((g) => ({
      type: g.entity_type,
      start: g.start_position,
      end: g.end_position,
    }));
    for (const b of addressBlocks(sample.full_text, gold, new Set(['ADDRESS', 'LOCATION'])))
      addresses.add(sample.full_text.slice(b.start, b.end));
  }
  let exact = 0;
  let overlap = 0;
  let predicted = 0;
  const perContext = ADDRESS_CONTEXTS.map(() => 0);
  for (const address of addresses) {
    ADDRESS_CONTEXTS.forEach((context, ci) => {
      const text = context.replace('{A}', address);
      const start = context.indexOf('{A}');
      const end = start + address.length;
      const spans = detectPii(text, { entities: PII_ENTITIES }).map((p) => ({ ...p }));
      const blocks = addressBlocks(text, spans, new Set(['ADDRESS']));
      predicted += blocks.length;
      if (blocks.some((b) => b.start === start && b.end === end)) {
        exact++;
        perContext[ci] = (perContext[ci] as number) + 1;
      }
      if (blocks.some((b) => b.start < end && start < b.end)) overlap++;
    });
  }
  const samples = addresses.size * ADDRESS_CONTEXTS.length;
  return {
    addresses: addresses.size,
    samples,
    exactRecall: r3(exact / samples),
    overlapRecall: r3(overlap / samples),
    precision: r3(exact / Math.max(1, predicted)),
    perContext: perContext.map((n) => r3(n / Math.max(1, addresses.size))),
  };
}
