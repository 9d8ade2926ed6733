import { z } from 'zod';
import { atLeast, defineScorer, invalid, requireModel, result } from '../../scorers/define.ts';
import { unitThreshold } from '../../scorers/params.ts';
import { askJudge, type Parsed } from '../ask.ts';
import { judgeDetails, unparseableResult } from '../judge-result.ts';
import { questionOf } from '../material.ts';
import { field, readBinary } from '../parse.ts';
import { claimsPrompt, verifyClaimsPrompt } from '../prompts/rag-claims.ts';
import { contextOf, noContext, objectListField, ratio, stringListField } from './common.ts';

export function parseClaims(text: string): Parsed<string[]> {
  const claims = stringListField(text, ['claims', 'statements']);
  return claims ? { ok: true, value: claims } : { ok: false, why: 'no "claims" list found' };
}

export interface ClaimVerdict {
  supported: boolean;
  reason?: string;
}

/** Verdicts in claim order; entries may carry a 1-based `claim` number, else their position counts. */
export function parseClaimVerdicts(text: string, count: number): Parsed<ClaimVerdict[]> {
  const list = objectListField(text, ['verdicts', 'results', 'claims']);
  if (!list) return { ok: false, why: 'no "verdicts" list found' };
  const out: (ClaimVerdict | undefined)[] = new Array(count).fill(undefined);
  list.forEach((entry, position) => {
    const n = Number(field(entry, ['claim', 'index', 'id']));
    const slot = Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : position;
    const supported = readBinary(field(entry, ['verdict', 'supported', 'faithful', 'attributed']));
    const reason = field(entry, ['reason']);
    if (supported !== undefined && slot < count && out[slot] === undefined) {
      out[slot] = { supported, ...(typeof reason === 'string' ? { reason } : {}) };
    }
  });
  const missing = out.filter((v) => v === undefined).length;
  if (missing > 0)
    return { ok: false, why: `expected ${count} yes/no verdicts, ${missing} missing or unreadable` };
  return { ok: true, value: out as ClaimVerdict[] };
}

/**
 * Faithfulness (Ragas): the judge extracts the answer's claims, then checks each against the
 * retrieved context; score = supported claims / total claims. An answer with no claims (e.g. "I
 * don't know") has no defined faithfulness (Ragas: NaN); here it fails with details.undefined.
 */
export const faithfulnessScorer = defineScorer({
  type: 'faithfulness',
  modelGraded: true,
  description: "Ragas faithfulness: share of the answer's claims supported by the retrieved context",
  params: z.strictObject({
    threshold: unitThreshold(0.5),
    maxClaims: z.number().int().min(1).max(100).default(30),
  }),
  build: (p) => async (input, ctx) => {
    const context = contextOf(input);
    if (context.length === 0) return noContext('faithfulness');
    const model = requireModel('faithfulness', ctx);
    const signal = ctx.signal ? { signal: ctx.signal } : {};
    const question = questionOf(input.input);
    const extracted = await askJudge({
      model,
      messages: claimsPrompt({
        answer: input.output,
        maxClaims: p.maxClaims,
        ...(question ? { question } : {}),
      }),
      parse: parseClaims,
      ...signal,
    });
    if (!extracted.ok) return unparseableResult('faithfulness', extracted, { step: 'claims' });
    const claims = extracted.value.slice(0, p.maxClaims);
    if (claims.length === 0) {
      return invalid(
        'faithfulness: the answer makes no factual claims, so faithfulness is undefined',
        judgeDetails('faithfulness', { claims, undefined: true }),
      );
    }
    const verified = await askJudge({
      model,
      messages: verifyClaimsPrompt({ claims, context }),
      parse: (text) => parseClaimVerdicts(text, claims.length),
      ...signal,
    });
    if (!verified.ok) return unparseableResult('faithfulness', verified, { step: 'verdicts', claims });
    const score = ratio(verified.value.map((v) => v.supported));
    const unsupported = claims.filter((_, i) => !verified.value[i]?.supported);
    return result(
      score,
      atLeast(score, p.threshold),
      `${claims.length - unsupported.length} of ${claims.length} claims supported by the context`,
      judgeDetails('faithfulness', {
        claims: claims.map((claim, i) => ({ claim, ...verified.value[i] })),
        unsupported,
      }),
    );
  },
});
