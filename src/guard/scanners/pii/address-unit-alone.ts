import { DWELLING_VERB } from './address-context.ts';

/**
 * Address parts named on their own, without a street:
 * - a flat or suite right after a phrase about where someone lives or where a parcel goes: "I live
 *   in apartment 305", "send it to Suite 242", "we moved to Apt. 983 last week". Presidio labels
 *   such a unit ADDRESS, and it places a person in a known building as much as a street does. A
 *   general place phrase is not enough: "the failures are in Suite 12", "go to Suite 7", "the blue
 *   note is at flat 5" are prose. "Unit" is a course chapter as often ("we're moving to Unit 4"),
 *   so it needs a phrase about living there, an address or a shipment;
 * - a house number the text names as someone's own or as a form's field: "my house number is 98",
 *   "House number: 21", "Hausnummer: 12". Only the number is the span. Not "Saturn in house number
 *   10" (astrology), "when the house number is 0" (a form's test case), "door number 3".
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
  String.raw`\b(apartment|apt\.?|appt\.?|suite|ste\.?|flat|unit)[ \t]*(number|#)?[ \t]*${VALUE}`,
  'giu',
);
const HINT = /\b(?:apartment|apt|appt|suite|ste|flat|unit)/i;

// "Unit" only after living there: "moving to Unit 4" is a course. No unit after "moving to": a
// step in a plan as often ("moving to Suite 2 of the TCK", "moving to flat 7").
const LIVE = String.raw`\b(?:live[sd]?|living|resid(?:e|es|ed|ing))[ \t]+(?:in|at)`;
const SHIP = String.raw`\b(?:ship(?:ped)?|deliver(?:ed)?|mail(?:ed)?)\b[^.?!\n]{0,20}?[ \t]to`;
const ADDRESS_IS = String.raw`\baddress(?:es)?[ \t]+(?:is|was)|\baddress[ \t]*:`;
const PLACED_BEFORE = new RegExp(
  String.raw`(?:(?!\bmoving\b)${DWELLING_VERB}[ \t]+(?:in(?:to)?|at|to)|${SHIP}|\b(?:send|sent|courier(?:ed)?|forward(?:ed)?)\b[^.?!\n]{0,20}?[ \t]to|${ADDRESS_IS}|\boffices?[ \t]+(?:is|are)[ \t]+(?:in|at))[ \t]+(?:the[ \t]+)?$`,
  'i',
);
const UNIT_PLACED_BEFORE = new RegExp(String.raw`(?:${LIVE}|${ADDRESS_IS}|${SHIP})[ \t]+$`, 'i');

// Someone's own ("my house number is 98", "our building no. 12"), or a form's field or a sentence
// of its own saying what it is ("House number: 21", "… by the church. House number is 311"); not
// "Street number 1 has no left neighbour".
const HOUSE_WORD = String.raw`(?:(?:house|building|street)[ \t]*(?:number|no\.?|nr\.?|#)|hausnummer|n[uú]mero[ \t]+de[ \t]+(?:casa|calle))`;
const HOUSE_NUMBER = new RegExp(
  String.raw`(?:\b(?:my|our|your|his|her|their)[ \t]+(?:(?:new|old)[ \t]+)?${HOUSE_WORD}[ \t]*(?:is|was|:|=|-)?|(?:^[ \t*•-]*|(?<=[.!?][ \t]{1,3}))${HOUSE_WORD}[ \t]*(?:is|was|:|=))[ \t]*(\d{1,5}[A-Za-z]?)(?![\p{L}\p{N}]|[-.,]\d)`,
  'gimu',
);
const HOUSE_HINT = /house|building|street|hausnummer|n[uú]mero/i;

export function findUnitsAlone(text: string): UnitAlone[] {
  if (!HINT.test(text)) return [];
  const found: UnitAlone[] = [];
  for (const m of text.matchAll(UNIT)) {
    // "my address to Parc 882/2\nApt. 368" is a street's unit line, read with its street.
    const before = text.slice(Math.max(0, m.index - 50), m.index);
    if (/[\d\n][^\d\n]{0,24}$/.test(before)) continue;
    const word = (m[1] as string).toLowerCase();
    if (!(word === 'unit' ? UNIT_PLACED_BEFORE : PLACED_BEFORE).test(before)) continue;
    // "Flat B" needs the capital: "moved to flat a few weeks ago" is prose.
    if (/^[a-z]$/.test(m[3] as string)) continue;
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
    // "0" is no house number: a form's validation case.
    if (/^0+$/.test(value)) continue;
    const at = m.index + m[0].length - value.length;
    found.push({ start: at, end: at + value.length, score: 0.85 });
  }
  return found;
}
