import { z } from 'zod';
import { defineScorer, excerpt, NO_REFERENCE, passFail } from './define.ts';
import { jsonEqual, parseOutputJson } from './json-value.ts';

/**
 * Exact match. A string reference compares text (optionally trimmed / case-folded); a non-string
 * reference (object, array, number, boolean) compares the output parsed as JSON, structurally.
 */
export const equalsScorer = defineScorer({
  type: 'equals',
  modelGraded: false,
  description: 'output equals the reference exactly (text, or structurally as JSON)',
  params: z.strictObject({
    value: z.unknown().optional(),
    trim: z.boolean().default(false),
    caseInsensitive: z.boolean().default(false),
  }),
  build: (p) => (input) => {
    const ref = p.value !== undefined ? p.value : input.expected;
    if (ref === undefined) return NO_REFERENCE('equals');
    if (typeof ref !== 'string') {
      const parsed = parseOutputJson(input.output, false);
      if (!parsed.ok) return passFail(false, `expected a JSON value but ${parsed.why}`);
      const same = jsonEqual(parsed.value, ref);
      return passFail(
        same,
        same ? 'output JSON equals the reference' : 'output JSON differs from the reference',
      );
    }
    const norm = (s: string) => {
      const t = p.trim ? s.trim() : s;
      return p.caseInsensitive ? t.toLowerCase() : t;
    };
    const same = norm(input.output) === norm(ref);
    return passFail(
      same,
      same ? 'output equals the reference' : `output ${excerpt(input.output)} != reference ${excerpt(ref)}`,
    );
  },
});
