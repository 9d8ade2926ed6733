import { COUNTRIES, MAX_COUNTRY_WORDS } from './address-countries.ts';
import { QUANTITY_WORDS, STOP_WORDS } from './address-lexicon.ts';
import { countryAfter } from './address-named-street.ts';
import { US_STATE_NAMES } from './address-regions.ts';
import { foldName, isEnglishWord } from './names-lexicon.ts';

/**
 * Address parts that identify a place without a street line. HIPAA's Safe Harbor list names
 * "all geographic subdivisions smaller than a state, including … city … and zip code" as
 * identifiers, and Presidio-based tools label ZIP codes ADDRESS, so two shapes count on their own:
 * - a postcode the text names as one: "zip code is 48083", "Postcode: SW1A 2AA", "PLZ 10115".
 *   Only the code is the span; a bare five-digit number stays a number;
 * - a US last line, town then state then ZIP, where the text puts a place next ("she lives in
 *   Springfield, IL 62704", "ship to Austin, Texas 78701-1234"). The state must be a real USPS code
 *   or state name and the ZIP five digits, so "Model X, CA 2024" or "Section 3, PA 12" do not
 *   qualify, and an event's venue ("Iron Man 3 Premiere, Los Angeles, CA 90028") says where
 *   something happened, not where someone lives.
 * - a country and its postcode ("Greece 79976"), after a town and a comma or at a line's start:
 *   "Qeqertarsuaq, Greece 79976", "…\nMarshall Islands 56293"; without a town, or after one of
 *   English words ("5 Stars, Italy 00100"), only where the text puts a place next ("he lives in
 *   Gabon 66298 now"). Not a year ("Japan 2020") and not a count ("Germany 10000 people").
 * A town alone ("she lives in Springfield") is not flagged: too many words are towns.
 */

export interface CuedPart {
  start: number;
  end: number;
  score: number;
  /** A town, state and ZIP: counts only where the text puts a place next (the caller checks). */
  needsContext: boolean;
  /** A country and postcode opening a line: the last line of a block found above it, if any. */
  closesBlock?: boolean;
  /**
   * A town then five digits ("Lepassaare 56293"): names, tickets and products are written so too
   * ("is in Jira 12345"), so only a phrase about living there or an address counts.
   */
  needsDwelling?: boolean;
}

// Cue words in the languages whose formats the street detector knows. Not "PIN" (a card PIN is a
// secret, not a postcode) and not Italian "CAP" ("a rate cap of 5000"). A bare "zip" takes only a
// US ZIP: "the zip 2024 archive" is a file.
const ZIP_CUE = String.raw`zip(?:\s*code)?|zipcode`;
const CUE = String.raw`(?:post(?:al)?\s*code|postcode|post\s+code|PLZ|Postleitzahl|CEP|code\s+postal|c[oó]digo\s+postal|postnummer|postinumero|irányítószám)`;
// US ZIP(+4), UK, Canada, Netherlands, Brazil, Japan, Poland/Portugal, then 4–6 digits elsewhere.
const CODE = String.raw`(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}\s?[A-Z]{2}|\d{5}-\d{3}|\d{3}-\d{4}|\d{2}-\d{3}|\d{4}-\d{3}|\d{4,6})`;
// "zip code is", "Postcode:", and as code writes fields: zip: '82931-4410', "zip": "59801".
const SEPARATOR = String.raw`['"]?(?:[ \t]*(?:is|was|of|:|#|=|-|–|\(s\))){0,3}[ \t]*['"]?`;
const END = String.raw`(?![\p{L}\p{N}]|-\d)`;
const CUED = new RegExp(
  String.raw`\b(?:${ZIP_CUE})\b${SEPARATOR}(\d{5}(?:-\d{4})?)${END}|\b${CUE}\b${SEPARATOR}(${CODE})${END}`,
  'giu',
);
// Every cue has one of these; spelled-out case classes run several times faster than the i flag.
const CUE_HINT = /[zZ][iI][pP]|[pP][oO][sS][tT]|[pP][lL][zZ]|[cC][eE][pP]|sz[áÁ]m/;

const STATE_CODES =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP';
// "New York", "District of Columbia": the names as written, for a case-sensitive regex.
const STATE_NAMES = US_STATE_NAMES.map((n) => n.replace(/\b(?!of\b)\p{L}/gu, (c) => c.toUpperCase())).join(
  '|',
);
// One to three capitalised town words ("St. Louis", "Salt Lake City", "Winston-Salem"), a comma,
// the state, a ZIP. The comma is required: without it "Route 66 CA 90210"-like runs are ambiguous.
const WORD = String.raw`\p{Lu}[\p{Ll}'’]*(?:-\p{L}[\p{Ll}'’]*)*`;
const TOWN = String.raw`(?:${WORD}\.?[ \t]){0,2}${WORD}`;
// Found from the comma before the state (a literal the engine scans for fast), then the town is
// read back from the text before it.
const STATE_ZIP = new RegExp(
  String.raw`,[ \t]*(?:${STATE_CODES.replaceAll(' ', '|')}|${STATE_NAMES})[ \t]+\d{5}(?:-\d{4})?(?![\p{L}\p{N}-])`,
  'gu',
);
const TOWN_BEFORE = new RegExp(String.raw`(?<![\p{L}\p{N}-])${TOWN}$`, 'u');
const ZIP_HINT = /\d{5}/;

// A European town line, postcode first ("10115 Berlin", "8001 Zürich", "1015 CJ Amsterdam"), the
// UK's town then postcode ("London SW1A 1AA") or a town then five digits ("Paris 75008",
// "Lepassaare, 56293"): the same kind of part as the US last line, so it counts where the text
// puts a place next ("I moved to 10115 Berlin last year"). Four digits that look like a year
// ("2019 Berlin") are not a postcode.
// Town words with the particles European names carry ("Roquetas de Mar", "Frankfurt am Main").
const EU_TOWN = String.raw`${WORD}(?:[ \t](?:(?:de|del|della|di|da|do|dos|das|la|le|les|am|an|der|sur|sous|en|im|ob|bei)[ \t])?${WORD}){0,2}`;
const EU_TOWN_LINE = new RegExp(
  String.raw`(?<![\p{L}\p{N}-])(?:(?!(?:19|20)\d\d\b)\d{4,5}(?:[ \t]?[A-Z]{2}(?![\p{L}]))?[ \t]+${EU_TOWN}|${TOWN}[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}|${EU_TOWN},?[ \t]+(?!(?:19|20)\d\d\b)\d{5})(?![\p{L}\p{N}-]|[.,]\d)`,
  'gu',
);
const CODE_HINT = /\d{4}|[A-Z]\d[A-Z\d]? \d[A-Z]{2}/;

// A postcode after a word: four to six digits, not a year, ending the phrase.
const CODE_AFTER_WORD = /(?<=\p{L}[ \t]+)(?!(?:19|20)\d\d(?!\d))\d{4,6}(?![\p{L}\p{N}-]|[.,]\d)/gu;
const WORDS_BEFORE = new RegExp(String.raw`(?:\p{L}[\p{L}'’.-]*[ \t]+){1,${MAX_COUNTRY_WORDS}}$`, 'u');
// "Lepassaare, " or "El Tornadizo, " before the country: one to three capitalised words and a comma.
const TOWN_COMMA = new RegExp(String.raw`(?<![\p{L}\p{N}-])${TOWN}[ \t]*,[ \t]*$`, 'u');
const NEXT_WORD = /^[ \t]+(\p{L}[\p{L}'’-]*)/u;

/** Punctuation, a line end or a function word follows: "Greece 79976.", not "Japan 10000 yen". */
function phraseEnds(text: string, end: number): boolean {
  if (text[end] !== ' ' && text[end] !== '\t') return true;
  const word = NEXT_WORD.exec(text.slice(end, end + 30))?.[1];
  return (
    word === undefined || (STOP_WORDS.has(word.toLowerCase()) && !QUANTITY_WORDS.has(word.toLowerCase()))
  );
}

/** "Qeqertarsuaq, Greece 79976": the town (when there is one), the country and the code at `at`. */
function countryCode(text: string, at: number, end: number): CuedPart | undefined {
  if (!phraseEnds(text, end)) return undefined;
  const from = Math.max(0, at - 60);
  const before = WORDS_BEFORE.exec(text.slice(from, at));
  if (!before) return undefined;
  // The words before the code, each with its offset; the longest run ending there that is a country.
  const words = [...before[0].matchAll(/\S+/g)].map((w) => ({ w: w[0], at: from + before.index + w.index }));
  for (let i = 0; i < words.length; i++) {
    const first = words[i] as { w: string; at: number };
    const name = text
      .slice(first.at, at)
      .trimEnd()
      .replace(/[ \t]+/g, ' ');
    if (!/^\p{Lu}/u.test(name) || !COUNTRIES.has(name.toLowerCase())) continue;
    const town = TOWN_COMMA.exec(text.slice(Math.max(0, first.at - 60), first.at));
    // "5 Stars, Italy 00100", "Team 7 Alpha, Norway 12345": a town of English words needs context.
    // Four digits are as often a rating or a count ("Carlsen, Norway 2830"): they need context.
    if (town) {
      const words = town[0].replace(/[ \t]*,[ \t]*$/, '').split(/[ \t]+/);
      const placeOnly = !words.some((w) => isEnglishWord(foldName(w.toLowerCase())));
      const alone = placeOnly && end - at === 5;
      return { start: first.at - town[0].length, end, score: 0.7, needsContext: !alone };
    }
    // At a line's start it closes a block above ("…Apt. 421\n ΕΛ∆ΥΚ\n Liberia 72550"); alone, as a
    // row of a table ("France 68170\nGermany 84480"), it needs context too.
    const lineStart = /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, first.at - 10), first.at));
    return { start: first.at, end, score: 0.7, needsContext: true, closesBlock: lineStart };
  }
  return undefined;
}

/** Words that open a sentence or a phrase rather than a town: "Then Springfield, IL 62704". */
// Not a town after a number: a greeting or a unit of measure ("1200 Metern Höhe", "3500 Einwohner").
const NOT_TOWN = new Set(
  `call email phone fax contact hi hello thanks dear meter metern metres meters metros mètres metri
  einwohner habitantes habitants abitanti inwoners euro euros jahre jahren años ans anni jaar
  kilometer kilometern kilómetros stunden minuten tage tagen`.split(/\s+/),
);

export function findCuedParts(text: string): CuedPart[] {
  const found: CuedPart[] = [];
  if (CUE_HINT.test(text)) {
    for (const m of text.matchAll(CUED)) {
      const code = (m[1] ?? m[2]) as string;
      const end = m.index + m[0].length;
      found.push({ start: end - code.length, end, score: 0.6, needsContext: false });
    }
  }
  if (ZIP_HINT.test(text)) {
    for (const m of text.matchAll(STATE_ZIP)) {
      const from = Math.max(0, m.index - 60);
      const town = TOWN_BEFORE.exec(text.slice(from, m.index));
      if (!town) continue;
      // Leading capitalised function words belong to the sentence, not the town.
      let start = from + town.index;
      const words = town[0].split(/[ \t]+/);
      for (const word of words.slice(0, -1)) {
        const lw = word.toLowerCase();
        if (!STOP_WORDS.has(lw) && !NOT_TOWN.has(lw)) break;
        start += word.length;
        while (text[start] === ' ' || text[start] === '\t') start++;
      }
      const last = words.at(-1)?.toLowerCase() ?? '';
      if (STOP_WORDS.has(last) || NOT_TOWN.has(last)) continue;
      found.push({ start, end: m.index + m[0].length, score: 0.7, needsContext: true });
    }
  }
  if (CODE_HINT.test(text)) {
    for (const m of text.matchAll(EU_TOWN_LINE)) {
      const words = m[0].split(/[ \t]+/).filter((w) => /^\p{Lu}/u.test(w));
      // "5000 Euros", "12345 The": a town's words are not function or currency words; "4500
      // Customers", "Ticket 45678", "Build 22621": nor does it open with an English word.
      if (words.some((w) => STOP_WORDS.has(w.toLowerCase()) || NOT_TOWN.has(w.toLowerCase()))) continue;
      if (words[0] && isEnglishWord(foldName(words[0].toLowerCase()))) continue;
      // "Tokyo 10000 yen a night": the number counts what follows.
      if (!phraseEnds(text, m.index + m[0].length)) continue;
      const end = countryAfter(text, m.index + m[0].length);
      // Only "Town 12345": a UK code after its town ("London SW1A 1AA") is specific enough.
      const townFirst = /^\p{L}/u.test(m[0]) && /\d{5}$/.test(m[0]);
      found.push({
        start: m.index,
        end,
        score: 0.7,
        needsContext: true,
        ...(townFirst ? { needsDwelling: true } : {}),
      });
    }
  }
  if (CODE_HINT.test(text)) {
    for (const m of text.matchAll(CODE_AFTER_WORD)) {
      const part = countryCode(text, m.index, m.index + m[0].length);
      if (part) found.push(part);
    }
  }
  return found;
}
