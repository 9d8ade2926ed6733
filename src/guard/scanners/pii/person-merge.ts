import { keepBestNonOverlapping } from './overlaps.ts';
import { findCjkNames } from './person-cjk.ts';
import { lowercaseNames } from './person-lowercase.ts';
import { slotNames } from './person-slots.ts';
import type { Tok } from './person-tokens.ts';
import type { PiiSpan } from './types.ts';

/**
 * The main PERSON detector's spans joined with the names other readers find: Chinese, Japanese and
 * Korean names (only where the text marks them), names in slots where only a name can stand (a
 * person field, a quote header, the line after SHIP TO) and, in mixed-case text, full names typed
 * in lower case. The main detector's spans win overlaps, except inside a longer slot value.
 */
export function withOtherNames(
  text: string,
  toks: readonly Tok[],
  spans: PiiSpan[],
  lowercase: boolean,
): PiiSpan[] {
  const extra: PiiSpan[] = findCjkNames(text).map((n) => ({ ...n, type: 'PERSON' }));
  const slots = slotNames(text).map((n): PiiSpan => ({ ...n, type: 'PERSON', score: 0.75 }));
  for (const s of slots) extra.push(s);
  if (!lowercase)
    for (const n of lowercaseNames(text, toks)) extra.push({ ...n, type: 'PERSON', score: 0.6 });
  if (extra.length === 0) return spans;
  const main = new Set(spans);
  const slot = new Set(slots);
  const inside = insideSlots(spans, slots);
  const rank = (s: PiiSpan): number => (main.has(s) && !inside.has(s) ? 0 : slot.has(s) ? 1 : 2);
  return keepBestNonOverlapping([...spans, ...extra], (a, b) => rank(a) - rank(b) || a.start - b.start);
}

/**
 * The main detector's spans that lie inside a longer slot value: the slot's whole value beats the
 * part of it read otherwise ("author": "Will Welch <…>" is "Will Welch", not "Welch"). One sweep
 * over both lists sorted by start.
 */
function insideSlots(spans: readonly PiiSpan[], slots: readonly PiiSpan[]): Set<PiiSpan> {
  const inside = new Set<PiiSpan>();
  if (slots.length === 0) return inside;
  const sorted = [...slots].sort((a, b) => a.start - b.start);
  let k = 0;
  let widest: PiiSpan | undefined;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    for (; k < sorted.length && (sorted[k] as PiiSpan).start <= s.start; k++)
      if (!widest || (sorted[k] as PiiSpan).end > widest.end) widest = sorted[k];
    if (widest && widest.end >= s.end && widest.end - widest.start > s.end - s.start) inside.add(s);
  }
  return inside;
}
