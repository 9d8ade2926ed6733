import { lookupWord } from './fuzzy-match.ts';
import type { LexiconEntry, WordClass } from './lexicon.ts';
import { segmentGlued } from './segment.ts';
import { isJoiner, type Token } from './tokens.ts';

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

interface Word {
  start: number;
  end: number;
  entry: LexiconEntry | undefined;
}

const WINDOW = 6;

function has(word: Word | undefined, cls: WordClass): boolean {
  return word?.entry?.classes.has(cls) ?? false;
}

/** Tokens with their lexicon entries; "ign.ore" style splits are re-joined when that forms a word. */
function resolveWords(tokens: readonly Token[], text: string): Word[] {
  const words: Word[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const entry = lookupWord(token.text);
    const next = tokens[i + 1];
    if (!entry && next && next.start === token.end + 1 && isJoiner(text[token.end])) {
      const joined = lookupWord(token.text + next.text);
      if (joined) {
        words.push({ start: token.start, end: next.end, entry: joined });
        i++;
        continue;
      }
    }
    const parts = entry ? undefined : segmentGlued(token.text);
    if (parts) for (const part of parts) words.push({ start: token.start, end: token.end, entry: part });
    else words.push({ start: token.start, end: token.end, entry });
  }
  return words;
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
    if (has(word, 'target'))
      return soft ? span(0.8, 'deviate-instructions') : span(0.95, 'override-instructions');
    if (has(word, 'prior') || has(word, 'quantifier')) {
      if (has(word, 'prior') && direction === 1 && !soft) best ??= span(0.85, 'override-prior');
      qualified = true;
    } else if (has(word, 'weak-target') && !soft) {
      // Looking backward the qualifier comes next ("die obigen Ausführungen ignorieren").
      const before = words[verb + (step + 1) * direction];
      if (qualified || (direction === -1 && (has(before, 'prior') || has(before, 'quantifier')))) {
        best = span(0.85, 'override-context');
      }
    }
  }
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

function revealRequest(words: readonly Word[], verb: number): RuleHit | undefined {
  let owned = false;
  for (let step = 1; step <= WINDOW; step++) {
    const word = words[verb + step];
    if (!word) break;
    if (has(word, 'own')) owned = true;
    const selfContained = word.entry?.word === 'systemprompt' || word.entry?.word === 'prompttext';
    if (has(word, 'prompt-noun') && (owned || selfContained)) {
      const a = words[verb]!;
      return { rule: 'reveal-prompt', score: 0.9, strong: true, start: a.start, end: word.end };
    }
  }
  return undefined;
}

/** Instruction-override and prompt-disclosure phrases, tolerant to typoglycemia and split words. */
export function matchPhrases(tokens: readonly Token[], text: string): RuleHit[] {
  const words = resolveWords(tokens, text);
  const hits: RuleHit[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.entry) continue;
    if ((has(word, 'override') || has(word, 'override-soft')) && !isNegated(words, i)) {
      const hit =
        overrideObject(words, i, 1) ?? (isVerbLast(words[i]!) ? overrideObject(words, i, -1) : undefined);
      if (hit) hits.push(hit);
    }
    if (has(word, 'reveal') && !isNegated(words, i)) {
      const hit = revealRequest(words, i);
      if (hit) hits.push(hit);
    }
  }
  return hits;
}
