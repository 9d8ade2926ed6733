import { splitSentences } from './sentences.ts';

/** A citation marker found in an answer, with the sentence it is attached to. */
export interface Citation {
  /** The marker's content: "2" for [2], "doc-7" for [doc-7]. */
  ref: string;
  sentence: string;
}

const MARKER = /\[([^[\]\n]{1,64})\](?!\()/g;
const DOC_ID = /^\s*\[([^[\]\n]{1,64})\]/;

/**
 * Citations in an answer: bracketed markers, one sentence at a time. "[1, 3]" and "[a; b]" cite
 * several sources; Markdown links "[text](url)" are not citations. Duplicates of the same
 * (ref, sentence) pair count once.
 */
export function findCitations(answer: string, limit: number): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const sentence of splitSentences(answer)) {
    for (const m of sentence.matchAll(MARKER)) {
      for (const part of (m[1] ?? '').split(/[,;]/)) {
        const ref = part.trim();
        const key = `${ref}\u0000${sentence}`;
        if (ref === '' || seen.has(key)) continue;
        seen.add(key);
        out.push({ ref, sentence });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

/**
 * The context document a citation points at: a document that declares the id ("[doc-7] text…"),
 * else, for a number n, the n-th document (1-based, the order the context was given in).
 */
export function resolveCitation(ref: string, context: readonly string[]): number | undefined {
  const byId = context.findIndex((doc) => DOC_ID.exec(doc)?.[1]?.trim() === ref);
  if (byId >= 0) return byId;
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    if (n >= 1 && n <= context.length) return n - 1;
  }
  return undefined;
}
