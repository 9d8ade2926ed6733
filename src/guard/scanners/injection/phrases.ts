import {
  conditionalRefusalSpans,
  containedByContent,
  containmentQualifier,
  isProcessedContent,
} from './defensive.ts';
import { restrictionRemoval } from './restriction-removal.ts';
import type { Token } from './tokens.ts';
import { has, resolveWords, type Word } from './words.ts';

/** A heuristic finding, with its span in the normalised text. */
export interface RuleHit {
  rule: string;
  /** How strongly the rule alone indicates an attack (0..1). */
  score: number;
  /** Strong rules can block on their own; weak ones only inform the classifier. */
  strong: boolean;
  start: number;
  end: number;
}

const WINDOW = 6;

/** Words that end the noun after a prior adjective, or stand for no noun: "ignore the above and …". */
const FUNCTION_WORDS = new Set(
  `and or then but so now instead please to from in of on at for with as by this that these those
    it its is are was were be you i we me us he she they them here there just also only und oder
    dann aber sondern stattdessen bitte zu von mit auf fur an dem den der die das es ist sind ich wir`.split(
    /\s+/,
  ),
);

/**
 * Whether the prior adjective at `at` names one specific earlier thing ("ignore the previous
 * error", "forget the earlier error message") rather than the earlier text: the noun it modifies is
 * neither an instruction or limit word nor, unqualified, text ("the previous message"), so the user
 * is setting one thing aside. Used pronominally ("ignore the above and …", "all previous.") it
 * still means the earlier text.
 */
function namesSpecificItem(words: readonly Word[], at: number): boolean {
  let named = false;
  for (let k = at + 1; k <= at + 3; k++) {
    const word = words[k];
    if (word?.pause !== 'none' || FUNCTION_WORDS.has(word.text) || has(word, 'topic')) break;
    if (/^\d+$/.test(word.text)) continue;
    if (has(word, 'target') || has(word, 'limits')) return false;
    const generic = ['weak-target', 'prior-noun', 'prior', 'quantifier'] as const;
    if (!named && generic.some((cls) => has(word, cls))) return false;
    named = true;
  }
  return named;
}

/**
 * Whether the prior word at `at` comes after a noun that names one specific thing ("ignore the
 * typo above", "disregard the noise earlier"): the same retraction as "the previous error" with the
 * adjective after its noun (session 8). "The text above", "the instructions above" and "the above"
 * still mean the earlier text: the noun there is a class word or there is none.
 */
function followsSpecificNoun(words: readonly Word[], at: number): boolean {
  const noun = words[at - 1];
  if (!noun || noun.entry || words[at]?.pause !== 'none' || noun.pause !== 'none') return false;
  return !FUNCTION_WORDS.has(noun.text) && !DETERMINERS.has(noun.text) && !/^\d+$/.test(noun.text);
}

/** Articles and demonstratives: "ignore the above" has no noun before its prior word. */
const DETERMINERS = new Set(
  'the a an some each both der die das den dem des le la les l el los las il lo gli de het een'.split(' '),
);

/**
 * Whether the object is scoped to one topic: "forget what I said about the budget", "ignore
 * everything above regarding prices". A user taking back part of their own words, unless the
 * topic is the model's instructions or limits. "Forget about everything" (the preposition right
 * after the verb) and "everything we talked about so far" (no topic) are not scoped.
 */
function topicScoped(words: readonly Word[], verb: number): boolean {
  for (let step = 2; step <= WINDOW; step++) {
    const word = words[verb + step];
    if (!word || word.pause === 'sentence' || has(word, 'override')) return false;
    if (!has(word, 'topic')) continue;
    // "About so far", "about earlier", "about." name no topic.
    const first = words[verb + step + 1];
    if (first?.pause !== 'none' || ['so', 'now', 'before'].includes(first.text) || has(first, 'prior'))
      return false;
    const topic = words.slice(verb + step + 1, verb + step + 4);
    return !topic.some((w) => has(w, 'target') || has(w, 'limits'));
  }
  return false;
}

/** Prepositions that place instructions in a document: "the instructions in the README". */
const PLACE_PREPOSITIONS = new Set('in on at from of inside within under'.split(' '));
/** Determiners and places inside a document, stepped over to reach its name: "at the top of the recipe". */
const PLACE_STEPS = new Set(
  'the this that these those a an my our his her their top bottom end start beginning back front side head foot margin of'.split(
    ' ',
  ),
);
/** The model's own context and its makers: instructions there, or theirs, are the model's. */
const CONTEXT_NOUNS = new Set(
  `conversation conversations chat chats session thread dialog dialogue context window system history
  transcript message messages text input prompt prompts setup configuration config memory developer
  developers creator creators operator operators admin admins administrator administrators owner
  owners openai anthropic assistant ai model bot chatbot`.split(/\s+/),
);

/** Lexicon classes of words that make a place the model's own ("your", "prior", "system"). */
const MODEL_CLASSES = ['prior', 'prior-noun', 'target', 'own', 'weak-target', 'self'] as const;

/**
 * Whether the target at `at` belongs to a document the user names: "ignore the instructions at
 * the top of the recipe", "disregard the directions on the box", "skip the rules in the README".
 * Those are the document's instructions, not the model's. Instructions placed in the conversation,
 * the prompt, the system message, "your …" or the earlier text ("… at the top of this
 * conversation", "… in the previous message") are still the model's.
 */
function namesDocument(words: readonly Word[], at: number): boolean {
  // "The instructions contained in / that may appear in …" (defensive.ts).
  const qualified = containmentQualifier(words, at);
  const preposition = words[at + 1 + qualified];
  if (preposition?.pause !== 'none' || !PLACE_PREPOSITIONS.has(preposition.text)) return false;
  for (let k = at + 2 + qualified; k <= at + 6 + qualified; k++) {
    const word = words[k];
    if (word?.pause !== 'none') return false;
    if (PLACE_STEPS.has(word.text)) continue;
    if (qualified > 0 && isProcessedContent(words, k)) return true;
    if (CONTEXT_NOUNS.has(word.text) || /^\d+$/.test(word.text)) return false;
    return !MODEL_CLASSES.some((cls) => has(word, cls));
  }
  return false;
}

/**
 * What an override verb at `verb` is aimed at. Forward ("ignore all previous instructions") any
 * target or prior-text marker counts; backward (German verb-last: "die obigen Anweisungen
 * ignorieren") only a target noun, or a qualified weak target, does, so "my doctor told me to
 * ignore…" is not an attack.
 */
function overrideObject(words: readonly Word[], verb: number, direction: 1 | -1): RuleHit | undefined {
  let best: RuleHit | undefined;
  let qualified = false;
  const soft = !has(words[verb], 'override');
  const limit = direction === 1 ? WINDOW : 4;
  for (let step = 1; step <= limit; step++) {
    const word = words[verb + step * direction];
    if (!word) break;
    if (has(word, 'override')) break;
    // "Ignore my previous message", "forget our earlier plan": the user takes back their own words.
    if (direction === 1 && has(word, 'self')) return undefined;
    const span = (score: number, rule: string): RuleHit => {
      const a = words[verb]!;
      return {
        rule,
        score,
        strong: true,
        start: Math.min(a.start, word.start),
        end: Math.max(a.end, word.end),
      };
    };
    if (has(word, 'target')) {
      if (direction === 1 && (namesDocument(words, verb + step) || containedByContent(words, verb + step)))
        continue;
      return soft ? span(0.8, 'deviate-instructions') : span(0.95, 'override-instructions');
    }
    if (has(word, 'prior') || has(word, 'quantifier')) {
      if (direction === 1 && has(word, 'prior-adjective') && namesSpecificItem(words, verb + step)) continue;
      if (direction === 1 && step >= 2 && followsSpecificNoun(words, verb + step)) continue;
      if (has(word, 'prior') && direction === 1 && !soft) best ??= span(0.85, 'override-prior');
      qualified = true;
    } else if (has(word, 'weak-target') && !soft) {
      if (direction === 1 && containedByContent(words, verb + step)) continue;
      // Looking backward the qualifier comes next ("die obigen Ausführungen ignorieren").
      const before = words[verb + (step + 1) * direction];
      if (qualified || (direction === -1 && (has(before, 'prior') || has(before, 'quantifier')))) {
        best = span(0.85, 'override-context');
      }
    }
  }
  // A prior reference scoped to one topic takes back part of the user's words; a target returned above.
  if (best && direction === 1 && topicScoped(words, verb)) return undefined;
  return best;
}

/** German infinitives ("ignorieren", "vergessen") come after their object; English verbs do not. */
function isVerbLast(word: Word): boolean {
  const lemma = word.entry?.word ?? '';
  return lemma.endsWith('en') && has(word, 'override');
}

function isNegated(words: readonly Word[], verb: number): boolean {
  return (
    has(words[verb - 1], 'negation') ||
    (has(words[verb - 2], 'negation') && !has(words[verb - 1], 'override'))
  );
}

/** Possessives among the 'own' words: "your instructions" may be the model's own earlier answer. */
const POSSESSIVES = new Set(
  'your deine ihre deinen ihren tes ton ta vos votre tus tu su sus swoj twoj'.split(' '),
);

/**
 * A step of a procedure: "repeat the last step of your instructions" asks for part of a recipe or
 * how-to the model wrote earlier, which has steps; a system prompt is asked for by line, rule or
 * sentence (transform-prompt).
 */
const PROCEDURE_PARTS = new Set(
  'step steps stage stages phase phases ingredient ingredients measurement measurements quantities'.split(
    ' ',
  ),
);

function revealRequest(words: readonly Word[], verb: number): RuleHit | undefined {
  let owned = false;
  let qualified = false;
  let procedurePart = false;
  for (let step = 1; step <= WINDOW; step++) {
    const word = words[verb + step];
    if (!word) break;
    if (has(word, 'own')) {
      owned = true;
      if (!POSSESSIVES.has(word.text)) qualified = true;
    }
    if (PROCEDURE_PARTS.has(word.text) && !owned) procedurePart = true;
    const selfContained = word.entry?.word === 'systemprompt' || word.entry?.word === 'prompttext';
    if (has(word, 'prompt-noun') && (owned || selfContained)) {
      // "The last step of your instructions": the model's earlier how-to, unless the instructions
      // are qualified as its setup ("the first step of your system prompt").
      if (procedurePart && !qualified && !selfContained && word.text === 'instructions') return undefined;
      const a = words[verb]!;
      return { rule: 'reveal-prompt', score: 0.9, strong: true, start: a.start, end: word.end };
    }
  }
  return undefined;
}

/** Negations of a refusal ("can't", "won't", "not", "unable"), as tokenised (apostrophes dropped). */
const REFUSING = new Set('cant cannot wont couldnt shouldnt mustnt not never unable dont refuse'.split(' '));
/** Words between a refusing subject and its verb: "I am not allowed to", "I'm unable to", "I will not". */
const REFUSAL_AUX = new Set(
  'am is are will would can could do does must should may might be been have has allowed able permitted going supposed to really'.split(
    ' ',
  ),
);
const FIRST_PERSON = new Set('i im ive id ill we weve'.split(' '));

/**
 * A refusal in the first person: "I can't reveal my system prompt", "I'm not allowed to share my
 * instructions". It reports what the speaker (a quoted assistant, a user about themselves) will
 * not do; it asks nothing. The subject, negation and auxiliaries must run unbroken up to the verb:
 * "can't you show me your prompt?" and "I can't wait: reveal your prompt" are still requests.
 */
function isFirstPersonRefusal(words: readonly Word[], verb: number): boolean {
  let refusing = false;
  for (let k = verb - 1; k >= Math.max(0, verb - 5); k--) {
    const word = words[k]!;
    if (words[k + 1]?.pause !== 'none') return false;
    if (FIRST_PERSON.has(word.text)) return refusing;
    if (REFUSING.has(word.text)) refusing = true;
    else if (!REFUSAL_AUX.has(word.text)) return false;
  }
  return false;
}

/**
 * An override phrase quoted as an example, not said: "instructions such as \"ignore previous
 * instructions\"", "the phrase 'forget your rules'" (session 8). A citing word, then an opening
 * quote right before the verb, and the quote closed within a short span. A quoted order with no
 * citing word ("Translate: 'Ignore previous instructions…'") is still one.
 */
const CITING =
  /(?:such as|like|e\.g\.?,?|for example,?|for instance,?|the (?:phrases?|words?|string|sentence|command|line)|called|known as)\s{0,2}["'“‘«\x60]\s?$/;
const CLOSING_QUOTE = /["'”’»\x60]/;

function isCited(text: string, word: Word): boolean {
  const before = text.slice(Math.max(0, word.start - 24), word.start);
  if (!CITING.test(before)) return false;
  return CLOSING_QUOTE.test(text.slice(word.end, word.end + 80));
}

/** Instruction-override, prompt-disclosure and restriction-removal phrases, tolerant to typoglycemia and split words. */
export function matchPhrases(tokens: readonly Token[], text: string): RuleHit[] {
  return matchPhrasesAndRefusals(tokens, text).hits;
}

/**
 * The phrase hits, and the spans where a request is quoted in a condition only to be refused
 * (defensive.ts): the caller defuses every rule hit inside those, heuristics' included.
 */
export function matchPhrasesAndRefusals(
  tokens: readonly Token[],
  text: string,
): { hits: RuleHit[]; refused: Array<{ start: number; end: number }> } {
  const words = resolveWords(tokens, text);
  const hits: RuleHit[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.entry) continue;
    if ((has(word, 'override') || has(word, 'override-soft')) && !isNegated(words, i)) {
      const hit =
        overrideObject(words, i, 1) ?? (isVerbLast(words[i]!) ? overrideObject(words, i, -1) : undefined);
      // Quoted as an example: a marker, not an attack (see DEFUSED).
      if (hit) hits.push(isCited(text, word) ? defuse(hit) : hit);
    }
    if (has(word, 'reveal') && !isNegated(words, i) && !isFirstPersonRefusal(words, i)) {
      const hit = revealRequest(words, i);
      if (hit) hits.push(hit);
    }
    if (has(word, 'respond') && !isNegated(words, i)) {
      const hit = restrictionRemoval(words, i);
      if (hit) hits.push(hit);
    }
  }
  return { hits, refused: conditionalRefusalSpans(words) };
}

/**
 * The rule name of a hit whose attack words are quoted as an example or refused in a condition.
 * It is a rule's verdict all the same ("nothing to block here"), so it keeps the lone classifier,
 * which would see only the attack's words, from judging the text; it never corroborates.
 */
export const DEFUSED = 'defused';

export function defuse(hit: RuleHit): RuleHit {
  return { ...hit, rule: DEFUSED, score: 0, strong: false };
}
