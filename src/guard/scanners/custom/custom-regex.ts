import { KeelError } from '../../../errors/index.ts';
import type { ScanContext, ScanInput, Scanner, ScanResult, Span } from '../../../spec/scanner.ts';

export interface CustomPattern {
  name: string;
  pattern: string;
  /** RegExp flags besides g (which is always set): i, m, s, u. Default 'i'. */
  flags?: string;
}

export interface CustomRegexOptions {
  id?: string;
  patterns: readonly CustomPattern[];
  verdict?: 'block' | 'flag';
  /** Only the first this-many characters are scanned (regexes cannot be interrupted). Default 256 KiB. */
  maxChars?: number;
}

const MAX_PATTERN_LENGTH = 1000;
// A quantified group that itself ends in a quantifier — `(a+)+`, `(\w*)*`, `(x|y+){2,}` — is the
// classic catastrophic-backtracking shape; such patterns are refused at configuration time.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:\)|\|)[^)]*\)?[+*{]|\((?:[^()\\]|\\.)*[+*]\)[+*{]/;

export function compileCustomPattern(p: CustomPattern): RegExp {
  if (p.pattern.length === 0 || p.pattern.length > MAX_PATTERN_LENGTH) {
    throw new KeelError(
      'config_invalid',
      `guard regex '${p.name}': pattern must be 1..${MAX_PATTERN_LENGTH} characters`,
    );
  }
  if (NESTED_QUANTIFIER.test(p.pattern)) {
    throw new KeelError(
      'config_invalid',
      `guard regex '${p.name}': nested quantifiers risk catastrophic backtracking`,
    );
  }
  const flags = (p.flags ?? 'i').replace(/[^imsu]/g, '');
  try {
    return new RegExp(p.pattern, `${[...new Set(flags)].join('')}g`);
  } catch (error) {
    throw new KeelError('config_invalid', `guard regex '${p.name}': ${(error as Error).message}`);
  }
}

/** Custom regexes, compiled once when the policy loads. */
export function createCustomRegexScanner(options: CustomRegexOptions): Scanner {
  const compiled = options.patterns.map((p) => ({ name: p.name, re: compileCustomPattern(p) }));
  const maxChars = options.maxChars ?? 256 * 1024;
  const verdict = options.verdict ?? 'block';
  return {
    specVersion: 'v1',
    id: options.id ?? 'regex',
    checkpoints: ['input', 'output', 'retrieval', 'action'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      const full = input.kind === 'text' ? input.text : input.call.function.arguments;
      const text = full.length > maxChars ? full.slice(0, maxChars) : full;
      const spans: Span[] = [];
      const names = new Set<string>();
      for (const { name, re } of compiled) {
        for (const m of text.matchAll(re)) {
          if (m[0].length === 0) continue;
          names.add(name);
          spans.push({ start: m.index, end: m.index + m[0].length, type: name, score: 1 });
          if (spans.length >= 1000) break;
        }
      }
      if (spans.length === 0) return { verdict: 'pass', score: 0 };
      spans.sort((a, b) => a.start - b.start);
      return { verdict, score: 1, spans, reason: `matched pattern: ${[...names].sort().join(', ')}` };
    },
  };
}
