import { contextBefore } from './address-context.ts';

/**
 * Address parts named on their own, without a street:
 * - a flat or suite where the text puts a place next: "I live in apartment 305", "send it to Suite
 *   242", "we moved to Apt. 983 last week". Presidio labels such a unit ADDRESS, and it places a
 *   person in a known building as much as a street does. "Unit" is a course chapter as often as a
 *   flat ("go to Unit 5"), so it counts only after a phrase about living or an address;
 * - a house number the text names as one: "my house number is 98", "Hausnummer: 12". Only the
 *   number is the span. Not "door number 3" (a game show) and not "home number" (a phone).
 * The caller reads the town or postcode that may follow a unit ("apartment 305, Springfield").
 */

export interface UnitAlone {
  start: number;
  end: number;
  score: number;
}

// The value: "305", "4B", "12-3", "#8", or one capital ("Flat B"). Not a decimal, a percentage or
// the start of a longer token ("suite 2.0", "flat 12%", "Apt 3rd").
const VALUE = String.raw`(#?\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?|[A-Z])(?![\p{L}\p{N}%]|[.,]\d)`;
const UNIT = new RegExp(
  String.raw`\b(apartment|apt\.?|appt\.?|suite|ste\.?|flat|unit)[ \t]*(?:no\.?|number|#)?[ \t]*${VALUE}`,
  'giu',
);
const HOUSE_NUMBER =
  /\b(?:(?:house|building|street)[ \t]*(?:number|no\.?|nr\.?|#)|hausnummer|n[uú]mero[ \t]+de[ \t]+(?:casa|calle))[ \t]*(?:is|was|:|=|-)?[ \t]*(\d{1,5}[A-Za-z]?)(?![\p{L}\p{N}]|[-.,]\d)/giu;
const HINT = /apartment|apt|appt|suite|ste|flat|unit/i;
const HOUSE_HINT = /house|building|street|hausnummer|n[uú]mero/i;
// Phrases about where someone lives, for "unit": "I live in", "moved to", "my address is"
// ("move on to Unit 3" is a course).
const DWELLING_BEFORE =
  /\b(?:live[sd]?|living|resid(?:e|es|ed|ing)|stay(?:s|ed|ing)?|moved|moving|address(?:es)?|home)\b[^.?!\n]{0,30}$/i;

export function findUnitsAlone(text: string): UnitAlone[] {
  if (!HINT.test(text)) return [];
  const found: UnitAlone[] = [];
  for (const m of text.matchAll(UNIT)) {
    // The phrase must be right before the unit: "my address to Parc 882/2\nApt. 368" is a street's
    // unit line, which the street finder reads with its street.
    if (/[\d\n]/.test(text.slice(Math.max(0, m.index - 25), m.index))) continue;
    const context = contextBefore(text, m.index);
    if (context === 0) continue;
    const word = (m[1] as string).toLowerCase();
    if (
      word === 'unit' &&
      context < 2 &&
      !DWELLING_BEFORE.test(text.slice(Math.max(0, m.index - 50), m.index))
    )
      continue;
    // "Flat B" needs the capital: "moved to flat a few weeks ago" is prose.
    if (/^[a-z]$/.test(m[2] as string)) continue;
    found.push({ start: m.index, end: m.index + m[0].length, score: 0.85 });
  }
  return found;
}

/** House numbers the text names as one ("my house number is 98"): the number alone, no tail. */
export function findHouseNumbers(text: string): UnitAlone[] {
  if (!HOUSE_HINT.test(text)) return [];
  const found: UnitAlone[] = [];
  for (const m of text.matchAll(HOUSE_NUMBER)) {
    const value = m[1] as string;
    const at = m.index + m[0].length - value.length;
    found.push({ start: at, end: at + value.length, score: 0.85 });
  }
  return found;
}
