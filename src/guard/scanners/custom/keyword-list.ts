import type { ScanContext, ScanInput, Scanner, ScanResult, Span } from '../../../spec/scanner.ts';
import { normalizeForDetection, toOriginalSpan } from '../../normalize/index.ts';

export interface KeywordTopic {
  /** Name used in reasons and span types, e.g. "competitors". */
  name: string;
  keywords: readonly string[];
}

export interface KeywordListOptions {
  id?: string;
  /** Banned topics, each a list of words or phrases. */
  topics: readonly KeywordTopic[];
  /** Verdict on a match. Default 'block'. */
  verdict?: 'block' | 'flag';
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MAX_KEYWORDS = 5000;

/** Every character in [from, to) of the normalised text stood one separator apart in the original. */
function spelledOut(offsets: Int32Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++)
    if ((offsets[k] as number) - (offsets[k - 1] as number) !== 2) return false;
  return true;
}

/**
 * Banned topics / keyword lists: whole-word, case-insensitive matching on the detection-normalised
 * text (NFKC, invisible characters removed, look-alike letters and leetspeak folded), so
 * "B0MB", "ｂｏｍｂ" and "b\u200bomb" all match "bomb"; spans point back at the original text.
 */
export function createKeywordListScanner(options: KeywordListOptions): Scanner {
  const topicOf = new Map<string, string>();
  const alternatives: string[] = [];
  for (const topic of options.topics) {
    for (const kw of topic.keywords.slice(0, MAX_KEYWORDS)) {
      const norm = normalizeForDetection(kw).text.trim();
      if (norm.length === 0 || topicOf.has(norm)) continue;
      topicOf.set(norm, topic.name);
      alternatives.push(norm.split(/\s+/).map(escapeRegex).join('\\s+'));
    }
  }
  // Longest first so "credit card fraud" wins over "credit card" at the same position.
  alternatives.sort((a, b) => b.length - a.length);
  const re =
    alternatives.length > 0
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu')
      : undefined;
  // "a b o m b": the spelt-out run is joined with the article before it ("abomb"). A keyword right
  // after a lone "a" or "i" counts when the original had separators between all those letters.
  const glued =
    alternatives.length > 0
      ? new RegExp(`(?<=(?<![\\p{L}\\p{N}])[ai])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu')
      : undefined;
  const verdict = options.verdict ?? 'block';
  return {
    specVersion: 'v1',
    id: options.id ?? 'keywords',
    checkpoints: ['input', 'output', 'retrieval', 'action'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      if (!re) return { verdict: 'pass', score: 0 };
      const text = input.kind === 'text' ? input.text : input.call.function.arguments;
      const norm = normalizeForDetection(text);
      const spans: Span[] = [];
      const topics = new Set<string>();
      const add = (m: RegExpExecArray): void => {
        const topic = topicOf.get(m[0].replace(/\s+/g, ' ')) ?? 'keyword';
        topics.add(topic);
        spans.push({ ...toOriginalSpan(norm, m.index, m.index + m[0].length), type: topic, score: 1 });
      };
      for (const m of norm.text.matchAll(re)) {
        add(m);
        if (spans.length >= 1000) break;
      }
      if (glued && spans.length < 1000)
        for (const m of norm.text.matchAll(glued))
          if (spelledOut(norm.offsets, m.index - 1, m.index + m[0].length)) add(m);
      if (spans.length === 0) return { verdict: 'pass', score: 0 };
      return { verdict, score: 1, spans, reason: `banned topic: ${[...topics].sort().join(', ')}` };
    },
  };
}
