import { KeelError } from '../../../errors/index.ts';
import type { ScanContext, ScanInput, Scanner, ScanResult, Span } from '../../../spec/scanner.ts';
import { analyzePattern } from '../output/safe-pattern.ts';

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
/** Flags a pattern may set (g is always added); anything else is a config error, not silently dropped. */
const ALLOWED_FLAGS = /^[imsu]*$/;

export function compileCustomPattern(p: CustomPattern): RegExp {
  if (p.pattern.length === 0 || p.pattern.length > MAX_PATTERN_LENGTH) {
    throw new KeelError(
      'config_invalid',
      `guard regex '${p.name}': pattern must be 1..${MAX_PATTERN_LENGTH} characters`,
    );
  }
  const flags = p.flags ?? 'i';
  if (!ALLOWED_FLAGS.test(flags) || new Set(flags).size !== flags.length) {
    throw new KeelError(
      'config_invalid',
      `guard regex '${p.name}': flags must be distinct letters from i, m, s, u (g is always set); got '${flags.slice(0, 16)}'`,
    );
  }
  let re: RegExp;
  try {
    re = new RegExp(p.pattern, `${flags}g`);
  } catch (error) {
    throw new KeelError('config_invalid', `guard regex '${p.name}': ${(error as Error).message}`);
  }
  // Regexes cannot be interrupted: one that can backtrack catastrophically is refused up front.
  const safety = analyzePattern(p.pattern, flags);
  if (!safety.ok) {
    throw new KeelError(
      'config_invalid',
      `guard regex '${p.name}': ${safety.reason} risks catastrophic backtracking`,
    );
  }
  return re;
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
