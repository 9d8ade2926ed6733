import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { defineScorer, excerpt, invalid, passFail } from './define.ts';

export const MAX_PATTERN_CHARS = 1000;
/** Outputs longer than this are not matched (a bounded input bounds the regex engine's work). */
export const MAX_REGEX_INPUT_CHARS = 200_000;

/*
 * A nested quantifier such as (a+)+ or (\w*)* is the classic catastrophic-backtracking shape: on a
 * near-miss input the engine tries exponentially many splits. JavaScript has no match timeout, so
 * such patterns are refused at creation rather than risking a stuck worker on one odd output.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})\)(?:[+*]|\{\d+,\d*\})/;

export function compileSafeRegex(pattern: string, flags: string): RegExp {
  if (NESTED_QUANTIFIER.test(pattern)) {
    throw new KeelError(
      'invalid_request',
      'Scorer "regex": the pattern has a nested quantifier (like (a+)+), which can backtrack catastrophically; rewrite it',
      { param: 'value' },
    );
  }
  try {
    return new RegExp(pattern, flags);
  } catch (err) {
    const why = err instanceof Error ? err.message : 'invalid pattern';
    throw new KeelError('invalid_request', `Scorer "regex": invalid regular expression: ${why}`, {
      param: 'value',
    });
  }
}

export const regexScorer = defineScorer({
  type: 'regex',
  modelGraded: false,
  description: 'output matches a regular expression (JavaScript syntax)',
  params: z.strictObject({
    value: z.string().min(1).max(MAX_PATTERN_CHARS),
    /** Only flags that change matching; g and y would make test() stateful. */
    flags: z
      .string()
      .regex(/^(?!.*(.).*\1)[imsu]*$/, 'flags may be any of i, m, s, u, each once')
      .default(''),
  }),
  build: (p) => {
    const re = compileSafeRegex(p.value, p.flags);
    return (input) => {
      if (input.output.length > MAX_REGEX_INPUT_CHARS) {
        return invalid(`regex: output is longer than ${MAX_REGEX_INPUT_CHARS} characters; not matched`);
      }
      const m = re.exec(input.output);
      return m
        ? passFail(true, `matches /${p.value}/ at ${m.index}: ${excerpt(m[0], 40)}`)
        : passFail(false, `does not match /${p.value}/`);
    };
  },
});
