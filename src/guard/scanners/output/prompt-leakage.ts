import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';

export interface PromptLeakageOptions {
  id?: string;
  /** Word n-gram size. Default 5. */
  n?: number;
  /** Share of the system prompt's n-grams found in the answer that blocks. Default 0.3. */
  blockAt?: number;
  /** Share that flags. Default 0.15. */
  flagAt?: number;
  /** A verbatim run of at least this many words blocks regardless of share. Default 25. */
  longestRunBlocks?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

interface Shingles {
  set: Set<string>;
  count: number;
}

// System prompts repeat across requests; their n-gram sets are cached (bounded).
const cache = new Map<string, Shingles>();
function shinglesOf(text: string, n: number): Shingles {
  const key = `${n}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const w = words(text);
  const set = new Set<string>();
  for (let i = 0; i + n <= w.length; i++) set.add(w.slice(i, i + n).join(' '));
  const value = { set, count: set.size };
  if (cache.size >= 64) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * Output checkpoint: how much of the system prompt the answer reproduces, as the share of the
 * system prompt's word n-grams present in the answer, plus the longest verbatim run. Paraphrase
 * and translation are not caught (an honest limit of a lexical check).
 */
export function createPromptLeakageScanner(options: PromptLeakageOptions = {}): Scanner {
  const n = options.n ?? 5;
  const blockAt = options.blockAt ?? 0.3;
  const flagAt = options.flagAt ?? 0.15;
  const runBlocks = options.longestRunBlocks ?? 25;
  return {
    specVersion: 'v1',
    id: options.id ?? 'prompt-leakage',
    checkpoints: ['output'],
    scan(input: ScanInput, ctx: ScanContext): ScanResult {
      const system = ctx.systemPrompt;
      if (!system || input.kind !== 'text') return { verdict: 'pass', score: 0 };
      const sys = shinglesOf(system, n);
      if (sys.count === 0) return { verdict: 'pass', score: 0 };
      const answer = words(input.text);
      const seen = new Set<string>();
      let run = 0;
      let longest = 0;
      for (let i = 0; i + n <= answer.length; i++) {
        const gram = answer.slice(i, i + n).join(' ');
        if (sys.set.has(gram)) {
          seen.add(gram);
          run = run === 0 ? n : run + 1;
          longest = Math.max(longest, run);
        } else run = 0;
      }
      const share = seen.size / sys.count;
      const score = Math.min(1, Math.max(share, longest >= runBlocks ? 1 : 0));
      const reason = `answer reproduces ${Math.round(share * 100)}% of the system prompt (longest verbatim run ${longest} words)`;
      if (share >= blockAt || longest >= runBlocks) return { verdict: 'block', score, reason };
      if (share >= flagAt) return { verdict: 'flag', score, reason };
      return { verdict: 'pass', score };
    },
  };
}
