import { z } from 'zod';
import type { RegisteredScorer } from './define.ts';
import { defineScorer, excerpt, NO_REFERENCE, passFail, result } from './define.ts';
import { referenceText, stringList } from './params.ts';

/*
 * Substring checks. Case-insensitive variants fold with toLowerCase() (Unicode-aware, locale-free).
 * Scores: contains / icontains / *-any are 1 or 0; *-all scores the share of values found (so a
 * partial match is visible in aggregates) and passes only when every value is found.
 */

const fold = (insensitive: boolean) => (s: string) => (insensitive ? s.toLowerCase() : s);

function single(type: string, insensitive: boolean): RegisteredScorer {
  return defineScorer({
    type,
    modelGraded: false,
    description: `output contains the value${insensitive ? ' (case-insensitive)' : ''}`,
    params: z.strictObject({ value: referenceText.optional() }),
    build: (p) => (input) => {
      const needle = p.value ?? input.expected;
      if (needle === undefined) return NO_REFERENCE(type);
      const f = fold(insensitive);
      const found = f(input.output).includes(f(needle));
      return passFail(found, `${found ? 'contains' : 'does not contain'} ${excerpt(needle)}`);
    },
  });
}

function many(type: string, mode: 'any' | 'all', insensitive: boolean): RegisteredScorer {
  return defineScorer({
    type,
    modelGraded: false,
    description: `output contains ${mode} of the values${insensitive ? ' (case-insensitive)' : ''}`,
    params: z.strictObject({ value: stringList }),
    build: (p) => (input) => {
      const f = fold(insensitive);
      const haystack = f(input.output);
      const found = p.value.filter((v) => haystack.includes(f(v)));
      const missing = p.value.filter((v) => !haystack.includes(f(v)));
      const details = { found, missing };
      if (mode === 'any') {
        const pass = found.length > 0;
        return passFail(
          pass,
          pass ? `contains ${excerpt(found[0] ?? '')}` : `contains none of ${p.value.length} values`,
          details,
        );
      }
      const pass = missing.length === 0;
      const reason = pass
        ? `contains all ${p.value.length} values`
        : `missing ${missing.length} of ${p.value.length}: ${missing
            .slice(0, 3)
            .map((m) => excerpt(m, 40))
            .join(', ')}`;
      return result(found.length / p.value.length, pass, reason, details);
    },
  });
}

export const containsScorers: RegisteredScorer[] = [
  single('contains', false),
  single('icontains', true),
  many('contains-any', 'any', false),
  many('contains-all', 'all', false),
  many('icontains-any', 'any', true),
  many('icontains-all', 'all', true),
];
