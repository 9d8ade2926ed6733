import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { collectStrings, parseToolArgs } from './tool-args.ts';

export interface ConsistencyOptions {
  id?: string;
  /** Share of novel content words (0..1) at which the call is flagged. Default 0.6. */
  flagAt?: number;
  /** Verdict when triggered: 'flag' (default: record only) or 'block'. */
  verdict?: 'flag' | 'block';
}

/**
 * Action checkpoint: does the proposed call fit what the user asked? A lexical heuristic: specific
 * entities in the arguments (emails, URLs/domains, long numbers) that never appear in the user's
 * request are the strongest sign of an injected action ("summarise my inbox" → send_email to an
 * unknown address); the share of argument content words absent from the request is the weaker one.
 * It flags by default: legitimate calls often use words the user did not type.
 */

const ENTITY =
  /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?:\/\/[^\s"'<>]+|(?<![a-z0-9.-])(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|ai|co|xyz|ru|cn)\b|\b\d{6,}\b/gi;
const WORD = /[\p{L}\p{N}]{4,}/gu;
const STOP = new Set(
  'this that with from have will your about what when where which there their them they then than into just only also more most some such very would could should please true false null none'.split(
    ' ',
  ),
);

// Crude stemming by prefix, so "emails"/"emailing" meet "email".
const stem = (w: string): string => w.toLowerCase().slice(0, 5);

export function createConsistencyScanner(options: ConsistencyOptions = {}): Scanner {
  const flagAt = options.flagAt ?? 0.6;
  const verdict = options.verdict ?? 'flag';
  return {
    specVersion: 'v1',
    id: options.id ?? 'action-consistency',
    checkpoints: ['action'],
    scan(input: ScanInput, ctx: ScanContext): ScanResult {
      const request = ctx.userRequest;
      if (input.kind !== 'tool_call' || !request) return { verdict: 'pass', score: 0 };
      const parsed = parseToolArgs(input);
      const strings = parsed?.ok
        ? collectStrings(parsed.value, 500)
            .filter((s) => !s.path.endsWith('#key'))
            .map((s) => s.value)
        : [];
      const argText = `${input.call.function.name.replace(/[_-]/g, ' ')} ${strings.join(' ')}`.slice(
        0,
        50_000,
      );
      const requestLower = request.toLowerCase();
      const novelEntities = [...argText.matchAll(ENTITY)]
        .map((m) => m[0].toLowerCase())
        .filter((e) => !requestLower.includes(e));
      const requestStems = new Set(((request.match(WORD) ?? []) as string[]).map(stem));
      const content = ((argText.match(WORD) ?? []) as string[]).filter((w) => !STOP.has(w.toLowerCase()));
      const novelWords = content.filter((w) => !requestStems.has(stem(w)));
      const wordShare = content.length === 0 ? 0 : novelWords.length / content.length;
      const score = Math.min(1, Math.max(novelEntities.length > 0 ? 0.8 : 0, wordShare));
      if (novelEntities.length === 0 && wordShare < flagAt) return { verdict: 'pass', score };
      const why =
        novelEntities.length > 0
          ? `${novelEntities.length} address(es)/link(s)/number(s) not in the user's request`
          : `${Math.round(wordShare * 100)}% of the call's content words are not in the user's request`;
      return { verdict, score, reason: `tool call may not match the request: ${why}` };
    },
  };
}
