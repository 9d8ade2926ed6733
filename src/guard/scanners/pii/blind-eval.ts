import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { spanMetrics, type TypedSpan } from '../../eval/span-metrics.ts';
import { addressBlocks } from './pii-eval.ts';
import { detectPii } from './pii-scanner.ts';

/**
 * The blind address set (blind-addresses.json): 406 texts written for Keel by someone who saw
 * neither the detector's code nor its output, each address marked as the span one would redact.
 * It measures what the Presidio templates and Keel's own frames cannot: addresses as people
 * actually write them. Odd ids are the dev half, whose misses rules were written from; even ids
 * are the check half, only scored. Scored as ADDRESS_BLOCK, both sides merged the same way.
 */

const fileSchema = z.object({
  source: z.string(),
  items: z.array(
    z.object({ id: z.string().regex(/^[a-z]\d+$/), text: z.string(), addresses: z.array(z.string()) }),
  ),
});

/** `all`: every item, for a set that is only scored (blind-addresses-2.json). */
export type BlindHalf = 'dev' | 'check' | 'all';

export interface BlindScores {
  half: BlindHalf;
  texts: number;
  gold: number;
  predicted: number;
  exact: { precision: number; recall: number; f1: number };
  overlap: { precision: number; recall: number; f1: number };
}

const PARTS = new Set(['ADDRESS']);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function loadBlind(file = new URL('./blind-addresses.json', import.meta.url)) {
  return fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export const blindHalf = (id: string): 'dev' | 'check' => (Number(id.slice(1)) % 2 === 1 ? 'dev' : 'check');

/** Gold blocks of one text: each marked address at its first occurrence (the set keeps them unique). */
function goldOf(text: string, addresses: readonly string[]): TypedSpan[] {
  const spans = addresses.map((a) => {
    const start = text.indexOf(a);
    if (start < 0) throw new Error(`blind set: '${a}' is not in its text`);
    return { type: 'ADDRESS', start, end: start + a.length };
  });
  return addressBlocks(text, spans, PARTS);
}

export function runBlindEval(half: BlindHalf, file?: URL): BlindScores {
  const gold: TypedSpan[][] = [];
  const predicted: TypedSpan[][] = [];
  for (const item of loadBlind(file).items) {
    if (half !== 'all' && blindHalf(item.id) !== half) continue;
    gold.push(goldOf(item.text, item.addresses));
    predicted.push(addressBlocks(item.text, detectPii(item.text, { entities: ['ADDRESS'] }), PARTS));
  }
  const s = spanMetrics(gold, predicted).perType.ADDRESS_BLOCK ?? spanMetrics([[]], [[]]).micro;
  const prf = (p: { precision: number; recall: number; f1: number }) => ({
    precision: r3(p.precision),
    recall: r3(p.recall),
    f1: r3(p.f1),
  });
  return {
    half,
    texts: gold.length,
    gold: s.gold,
    predicted: s.predicted,
    exact: prf(s.exact),
    overlap: prf(s.overlap),
  };
}
