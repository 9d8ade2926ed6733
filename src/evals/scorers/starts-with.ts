import { z } from 'zod';
import { defineScorer, excerpt, NO_REFERENCE, passFail } from './define.ts';
import { referenceText } from './params.ts';

export const startsWithScorer = defineScorer({
  type: 'starts-with',
  modelGraded: false,
  description: 'output starts with the value',
  params: z.strictObject({
    value: referenceText.optional(),
    /** Ignore leading whitespace in the output (models often emit a newline first). */
    trimStart: z.boolean().default(false),
    caseInsensitive: z.boolean().default(false),
  }),
  build: (p) => (input) => {
    const prefix = p.value ?? input.expected;
    if (prefix === undefined) return NO_REFERENCE('starts-with');
    let out = p.trimStart ? input.output.trimStart() : input.output;
    let pre = prefix;
    if (p.caseInsensitive) {
      out = out.toLowerCase();
      pre = pre.toLowerCase();
    }
    const ok = out.startsWith(pre);
    return passFail(ok, `${ok ? 'starts' : 'does not start'} with ${excerpt(prefix)}`);
  },
});
