import type { Token } from './profanity.ts';
import {
  isGroupObject,
  isLowercaseGivenName,
  type NameMemo,
  namesPerson,
  newNameMemo,
  ROLE_WORDS,
} from './profanity-names.ts';
import { classifyWord } from './profanity-words.ts';

/**
 * Whether the expletives in a text are aimed at someone. Profanity that says how the speaker
 * feels ("this code is a fucking mess", "holy shit it works", "why the hell does it crash") names
 * no one; the same words become abuse when they land on a person: "fuck you", "you piece of shit",
 * "shut the fuck up", "fuck those immigrants", "my boss is a fucking liar". An expletive that
 * describes a thing or a verb lands there, also after a person's possessive or subject: "your
 * fucking code", "they fucking broke it"; "fuck X" is aimed when X is a person ("fuck my boss",
 * "fuck Kevin"), not a thing ("fuck Docker", "fuck this bug"). Otherwise conservative: a person
 * within reach of an expletive counts as aimed. Read from tokens of normalised text, so masked and
 * stretched spellings ("f*ck", "fuuuck") count as the expletive they stand for.
 */

/** Second person: the reader. */
const YOU_OBJECT = ['you', 'u', 'ya', 'yall', "y'all", 'yourself', 'urself', 'yourselves', 'thee'];
const YOU_OWNER = ['your', 'ur', 'yours'];
const YOU_SUBJECT = ["you're", 'youre'];
const THIRD = ['he', 'him', 'his', 'she', 'her', 'hers', 'himself', 'herself', 'they', 'them', "'em", 'em'];
/** A person and a copula in one word: what follows describes them ("he's a fucking liar"). */
const THIRD_SUBJECT = ["he's", 'hes', "she's", 'shes', "they're", 'theyre'];
/** Possessives: "your fucking code" is about the code, "fuck your mom" about the mom. */
const POSSESSIVE = new Set(['your', 'ur', 'yur', 'his', 'her', 'their', 'my', 'our']);
/** After "her" as an object ("fuck her and …"), not as a possessive ("her fucking car"). */
const AFTER_OBJECT = new Set(
  'and or but so too again already then now up off over out in on to for with at all right'.split(' '),
);
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
  'ex',
  'exes',
  'roommate',
  'roommates',
  'family',
  'parents',
  'son',
  'daughter',
  'brother',
  'sister',
  'friend',
  'friends',
  'neighbours',
  'neighbors',
  'users',
  'fans',
  'fanboys',
  'supporters',
  'voters',
  'employees',
  'customers',
  ...ROLE_WORDS,
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

const PERSON = new Set([...YOU_OBJECT, ...YOU_OWNER, ...YOU_SUBJECT, ...THIRD, ...THIRD_SUBJECT, ...PEOPLE]);
/** The reader's body: "shut your fucking mouth" is said to them. */
const BODY = new Set('face mouth head ass arse brain brains gob mug trap'.split(' '));
/**
 * Verbs that judge or harm their subject: "he fucking sucks", "I hope they fucking die" are about
 * them; "he fucking broke it" is about an event.
 */
const JUDGING = new Set('suck sucks sucked stink stinks die rot suffer'.split(' '));
/** After "your"/"ur" these make it "you're" misspelt: "ur a fucking joke", "your so fucking dumb". */
const YOU_ARE_NEXT = new Set(
  'a an so such really just the too very not always never literally actually'.split(' '),
);
/** Verbs in the bridge: a person before one is described by what follows ("my boss is a fucking joke"). */
const COPULA = new Set(
  "are is r 're 's am was were be being been look looks sound sounds act acting seem seems".split(' '),
);
/** Adjectives between an expletive and its noun ("your fucking stupid code"). */
const MODIFIERS = new Set(
  'stupid dumb lazy worthless useless pathetic ugly fat little big old new whole entire same real total complete utter absolute lying worst biggest annoying disgusting ignorant delusional crazy insane ridiculous clueless incompetent hopeless obnoxious gross weird boring'.split(
    ' ',
  ),
);
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
const LINK = new Set(
  'all of this that these those the off stupid about at for with to on every each single one'.split(' '),
);
const AUX = new Set(
  'are r were did do does can could have had will would should just really got know'.split(' '),
);

/** Weekdays and months are capitalised but are nobody: "fuck Mondays". */
const NOT_NAMES =
  /^(?:mon|tues|wednes|thurs|fri|satur|sun)days?$|^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/;

/** Addressed abuse built on an expletive or said to the reader, on canonical token text. */
const ADDRESSED =
  /\b(?:fuck|shit|piss|screw|sod) off\b|\bshut (?:the (?:fuck|hell) |tf )?up\b|\bget (?:the (?:fuck|hell) |tf )?out\b|\bget fuck\b|\bgo to hell\b|\beat shit\b|\bsuck (?:my|a) \w+|\bkiss my ass\b|\bup yours\b|\bwrong with (?:you|u|ya)\b|\b(?:hate|despise) (?:you|u|ya)\b|\byour (?:fuck |shit |damn )?problem\b/;

/** About a tweet or a one-line chat message. */
const SHORT_MESSAGE = 280;

/** "y*u" is "you": masking the target as well as the expletive hides nothing. */
const unmasked = (word: string): string => (/^y[*#@$]+u$/.test(word) ? 'you' : word);

const sameClause = (a: Token, b: Token | undefined): b is Token => b !== undefined && b.clause === a.clause;

/** A person word, or a group's: the reader, "him", "my boss", "immigrants". */
const isPerson = (word: string): boolean =>
  YOU_OBJECT.includes(word) || THIRD.includes(word) || PEOPLE.includes(word) || GROUPS.has(word);

/** "her" followed by a noun is a possessive ("her fucking car"), else the object ("fuck her"). */
function possessive(tokens: readonly Token[], k: number): boolean {
  const word = unmasked(tokens[k]!.word);
  const next = tokens[k + 1];
  if (word === 'her')
    return sameClause(tokens[k]!, next) && !AFTER_OBJECT.has(next.word) && !AUX.has(next.word);
  return POSSESSIVE.has(word) && !youAre(tokens, k);
}

/** "ur"/"your" for "you're": "ur a fucking joke", "your so fucking dumb". */
function youAre(tokens: readonly Token[], k: number): boolean {
  const next = tokens[k + 1];
  return (
    ['ur', 'your', 'yur'].includes(tokens[k]!.word) &&
    sameClause(tokens[k]!, next) &&
    YOU_ARE_NEXT.has(next.word)
  );
}

/**
 * A person right after an expletive: "fuck you", "fuck your mom", "fucking immigrants", "fuck all
 * of you", "fuck my boss". A possessive is passed over to its noun: "fuck your paywall" names a thing.
 */
function personAfter(tokens: readonly Token[], i: number): boolean {
  const expletive = tokens[i]!;
  const interjection = INTERJECTION.has(tokens[i - 1]?.word ?? '');
  const curse = curseVerb(tokens, i);
  let skipped = false;
  for (let k = i + 1; k <= i + 5 && sameClause(expletive, tokens[k]); k++) {
    const word = unmasked(tokens[k]!.word);
    const next = tokens[k + 1];
    if (possessive(tokens, k)) continue;
    // "fuck you" is aimed; "holy shit you did it" and "damn you're good" start a new clause.
    if (isPerson(word) || isGroupObject(word) || (BODY.has(word) && POSSESSIVE.has(tokens[k - 1]!.word))) {
      return !(interjection || (sameClause(expletive, next) && AUX.has(next.word)));
    }
    if (LINK.has(word)) continue;
    // A curse's object may have one word before the people it means: "fuck Trump supporters".
    const describes =
      !AUX.has(word) &&
      !BRIDGE.has(word) &&
      sameClause(expletive, next) &&
      (isPerson(next.word) || isGroupObject(next.word));
    if (skipped || !curse || !describes) return false;
    skipped = true;
  }
  return false;
}

/**
 * Whether the expletive describes a thing or an event after it: "your fucking code", "they fucking
 * broke it" — the first word after it (past adjectives and other expletives) that is no person, body
 * part, insult, praise, judging verb or bridge word. None ("you little shit") means it does not.
 */
function thingAfter(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; sameClause(tokens[i]!, tokens[k]); k++) {
    const token = tokens[k]!;
    if (token.expletive || MODIFIERS.has(token.word)) continue;
    const word = token.word;
    const kind = classifyWord(word)?.kind;
    return !(
      isPerson(word) ||
      BODY.has(word) ||
      JUDGING.has(word) ||
      NOT_ABUSE_AFTER.has(word) ||
      BRIDGE.has(word) ||
      kind === 'insult' ||
      kind === 'slur'
    );
  }
  return false;
}

/**
 * A person the expletive describes: "you piece of shit", "you're a fucking mess", "my boss is full
 * of shit". Not when it describes a thing or a verb after it and the person before is only its
 * owner or its subject ("your fucking code", "they fucking broke it"); the reader as subject
 * ("you fucking suck") and a copula ("he is a fucking liar") still make it about the person.
 */
function personBefore(tokens: readonly Token[], i: number): boolean {
  const expletive = tokens[i]!;
  const after = tokens[i + 1];
  if (sameClause(expletive, after) && NOT_ABUSE_AFTER.has(after.word)) return false;
  const thing = thingAfter(tokens, i);
  let copula = false;
  for (let k = i - 1; k >= i - 6 && sameClause(expletive, tokens[k]); k--) {
    const word = unmasked(tokens[k]!.word);
    if (GROUPS.has(word)) return true;
    // "mother fucking", "mother fucker": one word written as two.
    if (word === 'mother' && k === i - 1) return true;
    if (PERSON.has(word)) {
      if (
        !thing ||
        copula ||
        YOU_SUBJECT.includes(word) ||
        THIRD_SUBJECT.includes(word) ||
        youAre(tokens, k)
      ) {
        return true;
      }
      // "you fucking suck", "you stupid fucking …": said to the reader. "your" owns the thing.
      return YOU_OBJECT.includes(word) && !possessive(tokens, k);
    }
    if (COPULA.has(word)) copula = true;
    if (!BRIDGE.has(word) && !tokens[k]!.expletive) return false;
  }
  return false;
}

/** Curses that take a name: "fuck Dave", "screw Mike"; "damn" before one is an interjection ("Damn, Joe …"). */
const CURSE_VERBS = new Set(['fuck', 'screw']);

/** "fuck X" with the expletive as a verb: not "fucking X", "what the fuck", "give a fuck", "no fucks". */
const curseVerb = (tokens: readonly Token[], i: number): boolean =>
  CURSE_VERBS.has(tokens[i]!.expletive ?? '') &&
  !/(?:ing|in|ed|s|er)$/.test(tokens[i]!.word) &&
  !['the', 'a', 'no'].includes(tokens[i - 1]?.word ?? '');

/**
 * "fuck Dave", "screw Mike", "fuck @dave": a person's name right after a curse used as a verb, by
 * the PII scanner's PERSON detector and name lists ("fuck Docker", "screw Outlook" are things; see
 * profanity-names.ts). Not "FUCK THIS" (shouting) nor "fuck I'm tired".
 */
function nameAfter(
  tokens: readonly Token[],
  i: number,
  original: string,
  startOf: (n: number) => number,
  memo: NameMemo,
): boolean {
  const expletive = tokens[i]!;
  const next = tokens[i + 1];
  if (!curseVerb(tokens, i)) return false;
  if (!sameClause(expletive, next) || /^i(?:'|$)/.test(next.word) || NOT_NAMES.test(next.word)) return false;
  const at = startOf(next.start);
  const shown = original.slice(at, at + 2);
  if (/^\p{Lu}\p{Lu}/u.test(shown)) return false;
  if (!/^[\p{Lu}@]/u.test(shown)) return isLowercaseGivenName(next.word);
  const later: string[] = [];
  for (let k = i + 2; k < i + 8 && tokens[k]?.sentence === expletive.sentence; k++)
    later.push(tokens[k]!.word);
  return namesPerson(original, startOf(expletive.start), at, later, memo);
}

/** Curses said to the reader without an expletive ("bite me", "up yours", "get bent"), by first word. */
const CURSE_PHRASES = new Map<string, string[]>([
  ['bite', ['me']],
  ['up', ['yours']],
  ['get', ['bent', 'stuffed']],
  ['sod', ['off']],
  ['bugger', ['off']],
]);
/** Before such a curse in its clause: "oh bite me", "just get bent". */
const CURSE_OPENERS = new Set('oh ah ugh well so just and go now man'.split(' '));
/** After it in its clause: "bite me you …", "up yours pal". */
const CURSE_CLOSERS = new Set('you u ya then already lol lmao pal buddy dude mate bro'.split(' '));

/**
 * Curses said to the reader with no expletive in them, as token ranges: a phrase that opens its
 * clause (after an interjection at most) and ends it or turns to the reader ("Bite me, assistant.",
 * "oh up yours"). "The dog tried to bite me" and "the pipes get bent" are not.
 */
export function addressedCurses(tokens: readonly Token[]): Array<{ from: number; to: number }> {
  const found: Array<{ from: number; to: number }> = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const seconds = CURSE_PHRASES.get(tokens[i]!.word);
    if (seconds === undefined) continue;
    const clause = tokens[i]!.clause;
    const second = tokens[i + 1]!;
    if (second.clause !== clause || !seconds.includes(second.word)) continue;
    let k = i - 1;
    while (tokens[k]?.clause === clause && CURSE_OPENERS.has(tokens[k]!.word)) k--;
    const after = tokens[i + 2];
    if (tokens[k]?.clause === clause || (after?.clause === clause && !CURSE_CLOSERS.has(after.word)))
      continue;
    found.push({ from: i, to: i + 1 });
  }
  return found;
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
  const memo = newNameMemo();
  for (const i of expletives) {
    if (personAfter(tokens, i) || personBefore(tokens, i)) return 'person';
    if (nameAfter(tokens, i, original, startOf, memo)) return 'name';
  }
  return undefined;
}
