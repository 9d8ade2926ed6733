import { VERB_NAMES } from './person-context.ts';
import type { Tok } from './person-tokens.ts';

/**
 * The first word of a sentence, where capitals prove nothing: a modal or a verb that is also a
 * given name ("Will", "Mark") is read as the name only with a surname after it or when it is
 * addressed.
 */

/**
 * Terms of endearment that the name lists hold as given names ("Honey, can you …", "Buddy, please
 * …"): no name, whatever follows.
 */
const TERMS_OF_ADDRESS = new Set(
  'honey buddy angel prince princess cherry star kitty dolly darling baby sugar'.split(' '),
);

/**
 * A comma after a sentence's first word, then a request or question: the word is the person
 * addressed ("Mark, please review", "Will, can you …"). A modal or an imperative verb is never
 * followed by a comma.
 */
const VOCATIVE_AFTER =
  /^,\s*(?:please|pls|can|could|would|will|do|did|are|have|you|your|thanks|thank|when|what|how|where|let's|let|just)\b/i;

/** Whether `at` starts a sentence: the text's start, or after . ! ? : ; … > and quotes or bullets. */
export function isSentenceStart(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at).replace(/[\s"'“‘(*•-]+$/, '');
  return before === '' || /[.!?:;…>]$/.test(before);
}

/**
 * "Will Ferrell and Grace Kelly were there.": in a statement "Will" is no modal, so before a word
 * that is neither English nor a popular given name it is the given name. In a question, or a
 * sentence without an end, the modal wins ("Will Nakamura join?", "Will Postgres handle this"),
 * and "May" keeps its wish ("May Allah reward you.").
 */
export function willIsGivenName(text: string, tok: Tok, next: Tok): boolean {
  if (tok.fold !== 'will' || next.shape !== 'title' || next.isWord || next.kind === 'name') return false;
  const end = /[.!?](?=\s|$)|\n/.exec(text.slice(next.end, next.end + 300));
  return end !== null && (end[0] === '.' || end[0] === '!');
}

/**
 * A given name that starts a sentence and is addressed: "Mark, please review", "Will, can you …".
 * Only where the comma rules out the word's other reading, a modal or a verb ("Will", "Mark"), or
 * for a given name that is a less frequent word ("Grace"): "So, can you", "Imagine, you are" and
 * "Wait, can you" start with discourse words that the name lists also hold.
 */
export function isAddressed(text: string, tok: Tok): boolean {
  const named = tok.kind === 'word' || tok.fold === 'will' || VERB_NAMES.has(tok.fold);
  if (!named || TERMS_OF_ADDRESS.has(tok.fold)) return false;
  return isSentenceStart(text, tok.start) && VOCATIVE_AFTER.test(text.slice(tok.end, tok.end + 12));
}
