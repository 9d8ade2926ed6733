/**
 * A form line that declares its value an address: "Address: Knockanore, Ballyduff, Co. Kerry, V92
 * XH36", "Shipping address = 221 Lê Lợi, Phường 3, Đà Lạt". The label says what the value is, so
 * a value in a shape none of the street finders knows (a rural townland, a format of a country
 * they do not cover) is still an address. It is the fallback: the caller uses it only where no
 * finder found anything on the line. The value must look like an address, not a note about one
 * ("see below", "N/A", "same as billing"): a digit in it, or three comma-separated parts, and no
 * e-mail, link or hex.
 */

export interface LabelledAddress {
  start: number;
  end: number;
  score: number;
}

const KIND =
  '(?:home|shipping|billing|mailing|delivery|postal|street|current|permanent|residential|business|office|return|registered|full|new|old)';
const LABEL = String.raw`(?:(?:${KIND}[ \t_]+)?address|(?:\p{L}+[ \t]+)?(?:anschrift|adresse|direcci[oó]n|endere[cç]o|indirizzo|adres|adresi|osoite|adresa)(?:[ \t]+(?:de|di|da|do)[ \t]+\p{L}+)?)`;
// The label opens its line (after a bullet or markup) and a colon or equals sign ends it.
const LINE = new RegExp(
  String.raw`^[ \t>*•·-]*(?:\*\*)?${LABEL}(?:\*\*)?[ \t]*(?:\([^)\n]{0,30}\))?[ \t]*[:=][ \t]*(?:\*\*)?[ \t]*([^\n]{8,160})$`,
  'gimu',
);
const VALUE_END = /(?<=\d|\p{Ll}{4,})\.[ \t]+(?=\p{Lu})|[ \t]+\|[ \t]|;[ \t]|\t/u;
const HINT = /address|anschrift|adresse|direcci|endere|indirizzo|adres|osoite/i;
// A note, not an address: "N/A", "see below", "same as billing", "unknown", "TBD".
const NOTE = /^(?:n\/?a|none|unknown|tbd|tba|same\b|see\b|as\b|please\b|not\b|no\b|on file|redacted|\[)/i;
const NOT_AN_ADDRESS =
  /@|https?:|www\.|0x[\da-f]|\b[\da-f]{2}(?::[\da-f]{2}){3,}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b/i;

export function findLabelledAddresses(text: string): LabelledAddress[] {
  if (!HINT.test(text)) return [];
  const found: LabelledAddress[] = [];
  for (const m of text.matchAll(LINE)) {
    const raw = m[1] as string;
    // The value ends at a sentence's end ("17 rijksweg 145. VAT no. GB 123"; not "St. Ulric"), a
    // field separator, or trailing markup and punctuation.
    const cut = VALUE_END.exec(raw);
    const trimmed = (cut ? raw.slice(0, cut.index) : raw).replace(/[\s*_,;]+$/u, '');
    // A final stop ends the sentence, except after an initial ("Bogotá D.C.").
    const value = /(?:^|[.\s])\p{Lu}\.$/u.test(trimmed) ? trimmed : trimmed.replace(/[\s*_.,;]+$/u, '');
    if (NOTE.test(value) || NOT_AN_ADDRESS.test(value)) continue;
    if (!/\d/.test(value) && value.split(',').length < 3) continue;
    if (!/\p{L}{3}/u.test(value)) continue;
    const start = m.index + m[0].length - raw.length;
    found.push({ start, end: start + value.length, score: 0.85 });
  }
  return found;
}
