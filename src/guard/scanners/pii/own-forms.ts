import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ContextEvalReport } from './context-eval.ts';
import { addressBlocks } from './pii-eval.ts';
import { detectPii } from './pii-scanner.ts';
import { PII_ENTITIES } from './types.ts';

/**
 * PII written by Keel's authors, in forms and framings the Presidio templates lack (own-forms.json):
 * addresses from 15 countries in 36 frames (prose, CSV, key=value, JSON, HTML, Markdown, chat
 * transcripts), names in 30 sentences (initials, particles, lower case, titles, lists), and 20
 * phone formats in 10 frames. Unlike the context set it needs no shared data. Each part's first
 * run, before a rule was written from it, is recorded in docs/guard-accuracy.md; since then it is
 * a development set like the dev half, not a held-out score.
 */

const framed = z.object({
  values: z.array(z.string()).min(1),
  frames: z.array(z.string().includes('{A}')).min(1),
});
const marked = z.array(z.string().includes('⟦')).min(1);
const ownFormsSchema = z.object({
  addresses: framed,
  persons: z.array(z.string()).min(1),
  phones: framed,
  /** Written after the rules and not used to change them (see runOwnFormsUnseen). */
  unseen: z.object({ persons: marked, addresses: marked, national: marked }),
});
export type OwnForms = z.infer<typeof ownFormsSchema>;

export function loadOwnForms(file = new URL('./own-forms.json', import.meta.url)): OwnForms {
  return ownFormsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

type Span = { start: number; end: number };
type OwnType = 'ADDRESS_BLOCK' | 'PERSON' | 'PHONE_NUMBER';

function predicted(text: string, type: OwnType): Span[] {
  const spans = detectPii(text, { entities: PII_ENTITIES });
  return type === 'ADDRESS_BLOCK'
    ? addressBlocks(text, spans, new Set(['ADDRESS']))
    : spans.filter((s) => s.type === type);
}

/** A value put into a frame, JSON-escaped inside a JSON frame ("{"address": "{A}"}"). */
function fill(frame: string, value: string): { text: string; gold: Span } {
  const v = frame.trimStart().startsWith('{"') ? JSON.stringify(value).slice(1, -1) : value;
  const start = frame.indexOf('{A}');
  return { text: frame.replace('{A}', v), gold: { start, end: start + v.length } };
}

/** "Tell ⟦Fatima⟧ I said hi." → the text and its marked spans. */
export function unmark(marked: string): { text: string; gold: Span[] } {
  const gold: Span[] = [];
  let text = '';
  for (const ch of marked) {
    if (ch === '⟦') gold.push({ start: text.length, end: -1 });
    else if (ch === '⟧') (gold.at(-1) as Span).end = text.length;
    else text += ch;
  }
  return { text, gold };
}

interface Tally {
  gold: number;
  exact: number;
  overlap: number;
  found: number;
  perContext: number[];
}

function score(tally: Tally, text: string, gold: Span[], type: OwnType, context: number): void {
  const spans = predicted(text, type);
  tally.gold += gold.length;
  tally.found += spans.length;
  for (const g of gold) {
    if (spans.some((s) => s.start === g.start && s.end === g.end)) {
      tally.exact++;
      tally.perContext[context] = (tally.perContext[context] as number) + 1;
    }
    if (spans.some((s) => s.start < g.end && g.start < s.end)) tally.overlap++;
  }
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function report(type: OwnType, values: number, t: Tally, perContextOf: number): ContextEvalReport {
  return {
    type,
    values,
    samples: t.gold,
    exactRecall: r3(t.exact / Math.max(1, t.gold)),
    overlapRecall: r3(t.overlap / Math.max(1, t.gold)),
    precision: r3(t.exact / Math.max(1, t.found)),
    perContext: t.perContext.map((n) => r3(n / Math.max(1, perContextOf))),
  };
}

/** Marked sentences scored for one type; perContext is per sentence (the share of its spans found exactly). */
function markedReport(sentences: readonly string[], type: OwnType): ContextEvalReport {
  const t: Tally = { gold: 0, exact: 0, overlap: 0, found: 0, perContext: sentences.map(() => 0) };
  sentences.forEach((m, i) => {
    const { text, gold } = unmark(m);
    score(t, text, gold, type, i);
  });
  const perSentence = sentences.map(
    (m, i) => (t.perContext[i] as number) / Math.max(1, unmark(m).gold.length),
  );
  return { ...report(type, t.gold, t, 1), perContext: perSentence.map(r3) };
}

/**
 * The unseen part: names and whole addresses in sentences written after session 5's rules, kept
 * apart so its figure says how the rules do on framings nobody tuned on.
 */
export function runOwnFormsUnseen(forms: OwnForms = loadOwnForms()): ContextEvalReport[] {
  return [
    markedReport(forms.unseen.addresses, 'ADDRESS_BLOCK'),
    markedReport(forms.unseen.persons, 'PERSON'),
  ];
}

/**
 * Whole addresses in the formats of 22 countries, written after session 7's national-format rules
 * (generated-eval.ts) and not used to change them: how those rules do on real-world formats, some
 * of which no rule covers.
 */
export function runOwnFormsNational(forms: OwnForms = loadOwnForms()): ContextEvalReport {
  return markedReport(forms.unseen.national, 'ADDRESS_BLOCK');
}

/** Address, person and phone reports on own-forms.json; perContext is per frame (per sentence for persons). */
export function runOwnFormsEval(forms: OwnForms = loadOwnForms()): ContextEvalReport[] {
  const out: ContextEvalReport[] = [];
  for (const [type, set] of [
    ['ADDRESS_BLOCK', forms.addresses],
    ['PHONE_NUMBER', forms.phones],
  ] as const) {
    const t: Tally = { gold: 0, exact: 0, overlap: 0, found: 0, perContext: set.frames.map(() => 0) };
    set.frames.forEach((frame, fi) => {
      for (const value of set.values) {
        const { text, gold } = fill(frame, value);
        score(t, text, [gold], type, fi);
      }
    });
    out.push(report(type, set.values.length, t, set.values.length));
  }
  out.splice(1, 0, markedReport(forms.persons, 'PERSON'));
  return out;
}
