import { z } from 'zod';
import { atLeast, defineScorer, requireModel, result } from '../../scorers/define.ts';
import { unitThreshold } from '../../scorers/params.ts';
import { askJudge, mapLimit, type Parsed } from '../ask.ts';
import { judgeDetails, unparseableResult } from '../judge-result.ts';
import { extractJsonObject, field, readBinary, reasonOf } from '../parse.ts';
import { citationPrompt } from '../prompts/rag-context.ts';
import { findCitations, resolveCitation } from './citations.ts';
import { contextOf, JUDGE_FAN_OUT, maxItems, noContext } from './common.ts';

export function parseSupport(text: string): Parsed<{ supported: boolean; reason: string }> {
  const obj = extractJsonObject(text);
  const supported = readBinary(field(obj, ['supported', 'verdict', 'supports']));
  if (supported === undefined) return { ok: false, why: 'no true/false "supported" found' };
  return { ok: true, value: { supported, reason: reasonOf(obj, text, 300) } };
}

type Check = {
  ref: string;
  sentence: string;
  status: 'supported' | 'unsupported' | 'missing-source';
  reason?: string;
};

/**
 * Citation accuracy: every citation marker ([n] or [doc-id]) in the answer must point at a context
 * document that exists and supports the sentence it is attached to (judged per citation). Score =
 * accurate citations / all citations; a citation to a missing source is inaccurate without a judge call.
 */
export const citationAccuracyScorer = defineScorer({
  type: 'citation-accuracy',
  modelGraded: true,
  description: 'each cited source exists in the context and supports the sentence citing it',
  params: z.strictObject({
    threshold: unitThreshold(1),
    /** An answer without any citation fails (true) or passes vacuously (false). */
    requireCitations: z.boolean().default(true),
    maxCitations: maxItems(30),
  }),
  build: (p) => async (input, ctx) => {
    const context = contextOf(input);
    if (context.length === 0) return noContext('citation-accuracy');
    const citations = findCitations(input.output, p.maxCitations);
    if (citations.length === 0) {
      return p.requireCitations
        ? result(
            0,
            false,
            'citation-accuracy: the answer cites no sources',
            judgeDetails('citation-accuracy'),
          )
        : result(1, true, 'citation-accuracy: no citations to check', judgeDetails('citation-accuracy'));
    }
    const model = requireModel('citation-accuracy', ctx);
    const checks = await mapLimit(citations, JUDGE_FAN_OUT, async (c) => {
      const doc = resolveCitation(c.ref, context);
      if (doc === undefined) return { ...c, status: 'missing-source' as const };
      const asked = await askJudge({
        model,
        messages: citationPrompt({ sentence: c.sentence, source: context[doc] ?? '' }),
        parse: parseSupport,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return { ...c, asked };
    });
    const failed = checks.find((c) => 'asked' in c && !c.asked.ok);
    if (failed && 'asked' in failed && !failed.asked.ok) {
      return unparseableResult('citation-accuracy', failed.asked, { citation: failed.ref });
    }
    const verdicts: Check[] = checks.map((c) =>
      'asked' in c && c.asked.ok
        ? {
            ref: c.ref,
            sentence: c.sentence,
            status: c.asked.value.supported ? 'supported' : 'unsupported',
            reason: c.asked.value.reason,
          }
        : { ref: c.ref, sentence: c.sentence, status: 'missing-source' },
    );
    const good = verdicts.filter((v) => v.status === 'supported').length;
    const missing = verdicts.filter((v) => v.status === 'missing-source').length;
    const score = good / verdicts.length;
    return result(
      score,
      atLeast(score, p.threshold),
      `${good} of ${verdicts.length} citations accurate${missing ? ` (${missing} cite a source not in the context)` : ''}`,
      judgeDetails('citation-accuracy', { citations: verdicts }),
    );
  },
});
