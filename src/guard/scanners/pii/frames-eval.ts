import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createRng } from '../../../util/index.ts';
import { type PrfScores, spanMetrics, type TypedSpan } from '../../eval/span-metrics.ts';
import { addressBlocks, loadSamples } from './pii-eval.ts';
import { detectPii } from './pii-scanner.ts';
import { PII_ENTITIES } from './types.ts';

/**
 * Addresses beside other things. The context set (context-eval.ts) puts an address alone in a short
 * sentence; here it sits next to a phone, a date, an e-mail, a company, a country in the prose, in
 * chat, e-mail signatures, forms, CSV/JSON/YAML/log lines, letters and tickets, in six languages
 * (frames.json, written at Keel without reference to held-out data). Those neighbours are where a
 * detector's boundaries go wrong: it swallows the phone or stops before the town.
 *
 * Every placeholder is filled with a value of the Presidio set's dev half (even template ids; the
 * held-out half is never read), drawn by a generator seeded with the frame's index, so runs repeat.
 * Gold is where the {ADDRESS} values landed, joined with any {CITY}/{COUNTRY} beside them by
 * addressBlocks' own rule, so "{ADDRESS}, {COUNTRY}" is one block and "{ADDRESS} in {COUNTRY}" is
 * not. Frames at even indexes are the `dev` half, odd ones the `check` half: rules may be written
 * from dev misses only, which is why only they are ever collected.
 */

export const SLOTS = [
  'ADDRESS',
  'STREET',
  'PERSON',
  'PHONE',
  'EMAIL',
  'ORG',
  'CITY',
  'COUNTRY',
  'DATE',
  'CARD',
] as const;
export type Slot = (typeof SLOTS)[number];

/** Splits a frame into literal text (even indexes) and placeholders (odd indexes). */
const PLACEHOLDER = /(\{[A-Z]+\})/;
const slotsOf = (text: string): string[] => text.split(PLACEHOLDER).filter((_, i) => i % 2 === 1);
const isSlot = (p: string): boolean => (SLOTS as readonly string[]).includes(p.slice(1, -1));

export const frameSchema = z
  .object({
    id: z.string().min(1),
    kind: z.string().min(1),
    lang: z.string().optional(),
    text: z.string(),
    /** How values are written into the frame: JSON-escaped, or on one line (CSV, YAML, logs). */
    escape: z.enum(['json', 'line']).optional(),
    /** The filled text typed in one case, values included. */
    case: z.enum(['lower', 'upper']).optional(),
  })
  .refine((f) => slotsOf(f.text).every(isSlot), { message: 'unknown placeholder', path: ['text'] })
  .refine(
    (f) => [1, 2].includes(slotsOf(f.text).filter((p) => p === '{ADDRESS}' || p === '{STREET}').length),
    {
      message: 'one or two {ADDRESS} or {STREET} placeholders',
      path: ['text'],
    },
  );
export type Frame = z.infer<typeof frameSchema>;

const framesFileSchema = z
  .object({ about: z.string().min(1), frames: z.array(frameSchema).min(1) })
  .refine((f) => new Set(f.frames.map((x) => x.id)).size === f.frames.length, { message: 'duplicate ids' });

export function loadFrames(file = new URL('./frames.json', import.meta.url)): Frame[] {
  return framesFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).frames;
}

export type FramesHalf = 'dev' | 'check';
export const halfOf = (frameIndex: number): FramesHalf => (frameIndex % 2 === 0 ? 'dev' : 'check');

/** Gold span types of the slots that make up an address block; the other slots are only neighbours. */
const BLOCK_PART: Partial<Record<Slot, string>> = {
  ADDRESS: 'ADDRESS',
  STREET: 'ADDRESS',
  CITY: 'LOCATION',
  COUNTRY: 'LOCATION',
};
const GOLD_PARTS: ReadonlySet<string> = new Set(['ADDRESS', 'LOCATION']);
const PRED_PARTS: ReadonlySet<string> = new Set(['ADDRESS']);

function written(value: string, frame: Frame): string {
  if (frame.escape === 'json') return JSON.stringify(value).slice(1, -1);
  // Dev blocks break lines as "town\n, BZ\n Country"; on one line that reads "town, BZ, Country".
  if (frame.escape === 'line') return value.replace(/\s*\n[\s,]*/g, ', ');
  return value;
}

// Cased piece by piece, since casing can change a string's length ("ß" → "SS").
const recase = (s: string, c: Frame['case']): string =>
  c === 'lower' ? s.toLowerCase() : c === 'upper' ? s.toUpperCase() : s;

export interface FilledFrame {
  text: string;
  gold: TypedSpan[];
  /** Where every placeholder's value landed, by slot (for scoring other entity types). */
  slots: TypedSpan[];
}

const JOINER = /^[\s,.;:?!()|•·*–—-]*$/;

/**
 * The frame with each placeholder replaced by `pick(slot, townAfter)`, and its gold ADDRESS_BLOCK
 * spans. `townAfter`: a {CITY} or {COUNTRY} follows the {ADDRESS} with only punctuation between, so
 * the value should be a street without its own town or country ("Auenweg 85", then ", Berlin").
 */
export function fillFrame(frame: Frame, pick: (slot: Slot, townAfter: boolean) => string): FilledFrame {
  const parts: TypedSpan[] = [];
  const slots: TypedSpan[] = [];
  let text = '';
  const pieces = frame.text.split(PLACEHOLDER);
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) {
      text += recase(piece, frame.case);
      return;
    }
    const slot = piece.slice(1, -1) as Slot;
    const next = pieces[i + 2];
    const townAfter =
      slot === 'ADDRESS' && JOINER.test(pieces[i + 1] ?? 'x') && (next === '{CITY}' || next === '{COUNTRY}');
    const value = recase(written(pick(slot, townAfter), frame), frame.case);
    const type = BLOCK_PART[slot];
    if (type) parts.push({ type, start: text.length, end: text.length + value.length });
    slots.push({ type: slot, start: text.length, end: text.length + value.length });
    text += value;
  });
  return { text, gold: addressBlocks(text, parts, GOLD_PARTS), slots };
}

/**
 * Slots' values. STREET is the dev address blocks that are a street alone ("Castelao 71", "Adams
 * Street", "491 St. John Street"): the value of a {STREET} slot, and of an {ADDRESS} slot that a
 * town or country follows ("{ADDRESS}, {CITY}").
 */
export type Pools = Record<Slot, readonly string[]>;

const POOL_OF: Record<string, Slot> = {
  PERSON: 'PERSON',
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  ORGANIZATION: 'ORG',
  DATE_TIME: 'DATE',
  CREDIT_CARD: 'CARD',
};

/** English country names as ICU knows them ("Myanmar (Burma)" also as "myanmar"), lower case. */
function countryNames(): Set<string> {
  const names = new Set<string>();
  const display = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  for (const a of letters)
    for (const b of letters) {
      const name = display.of(a + b)?.toLowerCase();
      if (name) names.add(name).add(name.replace(/\s*\(.*\)$/, ''));
    }
  return names;
}

const perSlot = <T>(make: (slot: Slot) => T): Record<Slot, T> =>
  Object.fromEntries(SLOTS.map((slot) => [slot, make(slot)])) as Record<Slot, T>;

/** The dev half's distinct values per slot: whole address blocks, LOCATION split into country and city. */
export function devPools(dataDir: string): Pools {
  const sets = perSlot(() => new Set<string>());
  const streets = new Set<string>();
  const countries = countryNames();
  for (const sample of loadSamples(dataDir, 'dev')) {
    const text = sample.full_text;
    const spans = sample.spans.map((g) => ({
      type: g.entity_type,
      start: g.start_position,
      end: g.end_position,
    }));
    for (const b of addressBlocks(text, spans, GOLD_PARTS)) {
      const value = text.slice(b.start, b.end);
      sets.ADDRESS.add(value);
      const inside = spans.filter((s) => s.start >= b.start && s.end <= b.end);
      // No line break, comma, unit or trailing postcode, at most five words: "Auenweg 85", not
      // "10 Kromwater 38 Suite 865 Zoetermeer Norway" (one ADDRESS span with its town and country).
      const short = value.split(/\s+/).length <= 5 && !/[\n,]|\b(?:apt|suite|unit)\b|\d{4,}$/i.test(value);
      if (short && inside.every((s) => s.type === 'ADDRESS')) streets.add(value);
    }
    for (const s of spans) {
      const value = text.slice(s.start, s.end);
      if (s.type === 'LOCATION') sets[countries.has(value.toLowerCase()) ? 'COUNTRY' : 'CITY'].add(value);
      const slot = POOL_OF[s.type];
      // Presidio labels a lone title ("Dr.", "Mr.") PERSON; "c/o Dr." is no name to put in a frame.
      if (slot && !(slot === 'PERSON' && /^\p{L}{1,4}\.$/u.test(value))) sets[slot].add(value);
    }
  }
  return { ...perSlot((slot) => [...sets[slot]].sort()), STREET: [...streets].sort() };
}

export interface FramesScores {
  texts: number;
  gold: number;
  predicted: number;
  exact: PrfScores;
  overlap: PrfScores;
}

export interface FramesEvalReport {
  frames: number;
  fillings: number;
  overall: FramesScores;
  dev: FramesScores;
  check: FramesScores;
}

/** A dev-half text whose predicted blocks are not exactly its gold blocks. */
export interface FramesMiss {
  frameId: string;
  kind: string;
  text: string;
  gold: string[];
  predicted: string[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const roundPrf = (p: PrfScores): PrfScores => ({
  precision: r3(p.precision),
  recall: r3(p.recall),
  f1: r3(p.f1),
});

interface Docs {
  gold: TypedSpan[][];
  predicted: TypedSpan[][];
}

function scores(docs: Docs): FramesScores {
  const empty = spanMetrics([[]], [[]]).micro;
  const s = spanMetrics(docs.gold, docs.predicted).perType.ADDRESS_BLOCK ?? empty;
  const texts = docs.gold.length;
  return {
    texts,
    gold: s.gold,
    predicted: s.predicted,
    exact: roundPrf(s.exact),
    overlap: roundPrf(s.overlap),
  };
}

const sameBlocks = (a: readonly TypedSpan[], b: readonly TypedSpan[]): boolean =>
  a.length === b.length && a.every((s, i) => s.start === b[i]?.start && s.end === b[i]?.end);

/**
 * `dataDir` is the shared data root (…/shared/data) or the Presidio JSON file. Each frame is filled
 * `fillings` times (default 8); `misses` (when given) collects the dev half's misses only.
 */
export function runFramesEval(
  dataDir: string,
  options: {
    fillings?: number;
    frames?: Frame[];
    misses?: FramesMiss[];
    /** Scores only the frames it keeps; each keeps its index, so its half and its values. */
    select?: (frame: Frame) => boolean;
  } = {},
): FramesEvalReport {
  const pools = devPools(dataDir);
  const frames = options.frames ?? loadFrames();
  const fillings = options.fillings ?? 8;
  const halves: Record<FramesHalf, Docs> = {
    dev: { gold: [], predicted: [] },
    check: { gold: [], predicted: [] },
  };
  frames.forEach((frame, fi) => {
    if (options.select && !options.select(frame)) return;
    const random = createRng(fi * 7919 + 17);
    const pick = (slot: Slot, townAfter: boolean): string => {
      const pool = townAfter ? pools.STREET : pools[slot];
      return pool[Math.floor(random() * pool.length)] ?? slot;
    };
    const half = halfOf(fi);
    for (let k = 0; k < fillings; k++) {
      const { text, gold } = fillFrame(frame, pick);
      const predicted = addressBlocks(text, detectPii(text, { entities: PII_ENTITIES }), PRED_PARTS);
      halves[half].gold.push(gold);
      halves[half].predicted.push(predicted);
      if (half === 'dev' && !sameBlocks(gold, predicted)) {
        const slice = (s: TypedSpan) => text.slice(s.start, s.end);
        options.misses?.push({
          frameId: frame.id,
          kind: frame.kind,
          text,
          gold: gold.map(slice),
          predicted: predicted.map(slice),
        });
      }
    }
  });
  const both = {
    gold: [...halves.dev.gold, ...halves.check.gold],
    predicted: [...halves.dev.predicted, ...halves.check.predicted],
  };
  return {
    frames: options.select ? frames.filter(options.select).length : frames.length,
    fillings,
    overall: scores(both),
    dev: scores(halves.dev),
    check: scores(halves.check),
  };
}
