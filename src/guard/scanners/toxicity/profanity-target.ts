import type { Token } from './profanity.ts';

/**
 * Whether the expletives in a text are aimed at someone. Profanity that says how the speaker
 * feels ("this code is a fucking mess", "holy shit it works", "why the hell does it crash") names
 * no one; the same words become abuse when they land on a person: "fuck you", "you piece of shit",
 * "shut the fuck up", "fuck those immigrants", "my boss is a fucking liar". Deliberately
 * conservative: when a person is within reach of an expletive it counts as aimed, so what this
 * gets wrong is blocked as before rather than let through. Read from tokens of normalised text,
 * so masked and stretched spellings ("f*ck", "fuuuck") count as the expletive they stand for.
 */

/** Second person: the reader. */
const YOU_OBJECT = ['you', 'u', 'ya', 'yall', "y'all", 'yourself', 'urself', 'yourselves', 'thee'];
const YOU_OWNER = ['your', 'ur', 'yours'];
const YOU_SUBJECT = ["you're", 'youre'];
const THIRD = ['he', 'him', 'his', 'she', 'her', 'hers', 'himself', 'herself', 'they', 'them', "'em", 'em'];
const PEOPLE = [
  'people',
  'person',
  'guy',
  'guys',
  'dude',
  'dudes',
  'woman',
  'girl',
  'girls',
  'boy',
  'boys',
  'kid',
  'kids',
  'bro',
  'mom',
  'mum',
  'dad',
  'mother',
  'father',
  'wife',
  'husband',
  'boyfriend',
  'girlfriend',
  'boss',
  'manager',
  'coworker',
  'coworkers',
  'colleague',
  'colleagues',
  'teacher',
  'everyone',
  'everybody',
];
/**
 * Groups of people, and slurs for them the lexicon lacks: profanity in the same sentence as one is
 * not aimed at no one.
 */
const GROUPS = new Set(
  'immigrant immigrants migrant migrants refugee refugees foreigner foreigners illegals muslim muslims jew jews christian christians catholics hindus sikhs atheists blacks whites asians arabs mexicans latinos hispanics africans indians chinese gay gays lesbian lesbians homosexuals homo queer jewish asian mexican arab african indian trans transgender women men females feminists liberals conservatives democrats republicans libtards leftists police cops cracker crackers muzzie muzzies muzzy negro negroes queers redneck rednecks redskin redskins towelheads teabagger teabaggers'.split(
    ' ',
  ),
);

const PERSON = new Set([...YOU_OBJECT, ...YOU_OWNER, ...YOU_SUBJECT, ...THIRD, ...PEOPLE]);
/** Words that may stand between a person and the expletive that describes them ("you are such a fucking …"). */
const BRIDGE = new Set(
  "are is r 're 's am was were be being been look looks sound sounds act acting seem seems a an the such so really just truly absolutely absolute total totally complete completely utter little big fat ugly stupid dumb lazy worthless useless pathetic lying worst biggest most full of piece sack bag load real one all like".split(
    ' ',
  ),
);
/** Praise or disbelief after the expletive: "you're fucking brilliant", "are you fucking serious". */
const NOT_ABUSE_AFTER = new Set(
  'genius legend legendary awesome amazing great brilliant best beautiful gorgeous hero champion wizard lifesaver star good right correct kidding joking serious love much'.split(
    ' ',
  ),
);
/** Words that make an expletive an interjection before a new clause ("holy shit you did it"). */
const INTERJECTION = new Set(['holy', 'oh', 'ah', 'aw', 'ooh', 'well', 'yeah']);
/** Between an expletive and its object: "fuck all of you", "fuck this guy", "give a shit about you". */
const LINK = new Set('all of this that these those the off stupid about at for with to on'.split(' '));
const AUX = new Set(
  'are r were did do does can could have had will would should just really got know'.split(' '),
);

/** Weekdays and months are capitalised but are nobody: "fuck Mondays". */
const NOT_NAMES =
  /^(?:mon|tues|wednes|thurs|fri|satur|sun)days?$|^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/;

/** Addressed abuse built on an expletive or said to the reader, on canonical token text. */
const ADDRESSED =
  /\b(?:fuck|shit|piss|screw|sod) off\b|\bshut (?:the (?:fuck|hell) |tf )?up\b|\bget (?:the (?:fuck|hell) |tf )?out\b|\bget fuck\b|\bgo to hell\b|\beat shit\b|\bsuck (?:my|a) \w+|\bkiss my ass\b|\bup yours\b|\bwrong with (?:you|u|ya)\b|\b(?:hate|despise) (?:you|u|ya)\b|\byour problem\b/;

/** About a tweet or a one-line chat message. */
const SHORT_MESSAGE = 280;

/** "y*u" is "you": masking the target as well as the expletive hides nothing. */
const unmasked = (word: string): string => (/^y[*#@$]+u$/.test(word) ? 'you' : word);

const sameClause = (a: Token, b: Token | undefined): b is Token => b !== undefined && b.clause === a.clause;

/** A person right after an expletive: "fuck you", "fuck your company", "fucking immigrants", "fuck all of you". */
function personAfter(tokens: readonly Token[], i: number): boolean {
  const expletive = tokens[i]!;
  const interjection = INTERJECTION.has(tokens[i - 1]?.word ?? '');
  for (let k = i + 1; k <= i + 3 && sameClause(expletive, tokens[k]); k++) {
    const word = unmasked(tokens[k]!.word);
    const next = tokens[k + 1];
    // "fuck you" is aimed; "holy shit you did it" and "damn you're good" start a new clause.
    if (YOU_OBJECT.includes(word) || THIRD.includes(word) || PEOPLE.includes(word) || GROUPS.has(word)) {
      return !(interjection || (sameClause(expletive, next) && AUX.has(next.word)));
    }
    if (YOU_OWNER.includes(word)) return !interjection;
    if (!LINK.has(word)) return false;
  }
  return false;
}

/** A person the expletive describes: "you piece of shit", "you're a fucking mess", "my boss is full of shit". */
function personBefore(tokens: readonly Token[], i: number): boolean {
  const expletive = tokens[i]!;
  const after = tokens[i + 1];
  if (sameClause(expletive, after) && NOT_ABUSE_AFTER.has(after.word)) return false;
  for (let k = i - 1; k >= i - 6 && sameClause(expletive, tokens[k]); k--) {
    const word = unmasked(tokens[k]!.word);
    if (PERSON.has(word) || GROUPS.has(word)) return true;
    if (!BRIDGE.has(word) && !tokens[k]!.expletive) return false;
  }
  return false;
}

/**
 * "fuck Dave", "fuck Microsoft": a capitalised name right after "fuck" used as a verb. Not "FUCK
 * THIS" (shouting) nor "fuck I'm tired".
 */
function nameAfter(
  tokens: readonly Token[],
  i: number,
  original: string,
  startOf: (n: number) => number,
): boolean {
  const expletive = tokens[i]!;
  const next = tokens[i + 1];
  if (expletive.expletive !== 'fuck' || /(?:ing|in|ed|s|er)$/.test(expletive.word)) return false;
  if (!sameClause(expletive, next) || /^i(?:'|$)/.test(next.word) || NOT_NAMES.test(next.word)) return false;
  const shown = original.slice(startOf(next.start), startOf(next.start) + 2);
  return /^\p{Lu}(?:\p{Ll}|$)/u.test(shown);
}

/** Canonical token text, expletives as their stems, clauses apart: for the ADDRESSED phrases. */
function canonical(tokens: readonly Token[]): string {
  return tokens
    .map((t, i) => (i > 0 && t.clause !== tokens[i - 1]!.clause ? ' | ' : ' ') + (t.expletive ?? t.word))
    .join('');
}

/**
 * Why the expletives in `tokens` are aimed at someone ('addressed', 'person', 'group', 'name'),
 * or undefined when they are aimed at no one. `startOf` maps a normalised offset to the original.
 */
export function profanityTarget(
  tokens: readonly Token[],
  original: string,
  startOf: (normalizedOffset: number) => number,
): string | undefined {
  const expletives = tokens.flatMap((t, i) => (t.expletive ? [i] : []));
  if (expletives.length === 0) return undefined;
  if (ADDRESSED.test(canonical(tokens))) return 'addressed';
  // A short message is one utterance: a group named anywhere in it is within reach.
  const short = original.length <= SHORT_MESSAGE;
  const sentences = new Set(expletives.map((i) => tokens[i]!.sentence));
  if (tokens.some((t) => GROUPS.has(t.word) && (short || sentences.has(t.sentence)))) return 'group';
  for (const i of expletives) {
    if (personAfter(tokens, i) || personBefore(tokens, i)) return 'person';
    if (nameAfter(tokens, i, original, startOf)) return 'name';
  }
  return undefined;
}
