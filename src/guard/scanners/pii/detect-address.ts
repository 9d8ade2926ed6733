import type { PiiSpan } from './types.ts';

/**
 * Postal addresses in the US street shape: house number, up to four capitalised street words, a
 * street suffix, then optionally a unit ("Apt. 4", "Suite 200") and a "City, ST 12345" tail; and
 * P.O. boxes. International formats ("Rue de la Paix 12", "Hauptstraße 5") are not covered; the
 * evaluation reports that gap rather than hiding it.
 */

const SUFFIX =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Court|Ct|Lane|Ln|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Loop|Crescent|Cres|Plaza|Plz|Expressway|Expy|Freeway|Fwy|Pike|Turnpike|Tpke|Row|Walk|Path|Heights|Hts|Center|Ctr|Str)';
const DIRECTION = '(?:(?:N|S|E|W|NE|NW|SE|SW)\\.?|North|South|East|West)';
const WORD = "[A-Z0-9][\\w'.-]*";
const UNIT =
  '(?:[,\\s]+(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building)\\.?\\s*#?\\s?[\\w-]{1,6}|[,\\s]+#\\s?\\w{1,6})';
// Up to three place-name words then a 5-digit ZIP (optionally a 2-letter state before it).
const TAIL = "(?:[,\\s]+(?:[A-Z][\\w'-]+[ ,]+){1,4}(?:[A-Z]{2}[ ]+)?\\d{5}(?:-\\d{4})?)";
const STREET = new RegExp(
  `(?<![\\w-])\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s+(?:${DIRECTION}\\s+)?(?:${WORD}\\s+){0,4}?${SUFFIX}\\.?(?![\\w])(?:\\s+${DIRECTION}\\.?(?![\\w]))?${UNIT}?${TAIL}?`,
  'g',
);
// "my address is 12 …", "moved to 4 …", "send it to 9 …": a house number after an address phrase, up to
// the end of the line or sentence (international formats the street pattern does not know).
const ADDRESS_CONTEXT =
  /\b(?:address(?:\s+is)?:?|live[sd]?\s+at|living\s+at|moved\s+to|ship(?:ped)?\s+(?:it\s+)?to|deliver(?:ed)?\s+(?:it\s+)?to|mail(?:ed)?\s+(?:it\s+)?to|send\s+(?:it|a new one|them)\s+to)\s+(\d{1,6}\s+[^\n?!;]{3,80}?)(?=[?!;\n]|\.\s|\.$|$| for | in case| last | and the )/dgi;
const PO_BOX = /\b(?:P\.?\s?O\.?|Post\s+Office)\s*Box\s+\d{1,6}\b/gi;

export function detectAddresses(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(STREET)) {
    spans.push({ start: m.index, end: m.index + m[0].length, type: 'ADDRESS', score: 0.75 });
  }
  for (const m of text.matchAll(ADDRESS_CONTEXT)) {
    const range = m.indices?.[1];
    if (range) spans.push({ start: range[0], end: range[1], type: 'ADDRESS', score: 0.7 });
  }
  for (const m of text.matchAll(PO_BOX)) {
    spans.push({ start: m.index, end: m.index + m[0].length, type: 'ADDRESS', score: 0.75 });
  }
  return spans;
}
