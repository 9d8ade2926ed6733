import { z } from 'zod';
import { defineScorer, invalid, passFail } from './define.ts';

/** Latency of the call under test is at most `threshold` ms. No measurement → fail (not a silent pass). */
export const latencyScorer = defineScorer({
  type: 'latency',
  modelGraded: false,
  description: 'call latency ≤ threshold (ms)',
  params: z.strictObject({ threshold: z.number().positive() }),
  build: (p) => (input) => {
    if (input.latencyMs === undefined) return invalid('latency: no latency was measured for this item');
    const ok = input.latencyMs <= p.threshold;
    return passFail(ok, `latency ${Math.round(input.latencyMs)} ms ${ok ? '≤' : '>'} ${p.threshold} ms`, {
      latencyMs: input.latencyMs,
    });
  },
});

/** Cost of the call under test is at most `threshold` USD. */
export const costScorer = defineScorer({
  type: 'cost',
  modelGraded: false,
  description: 'call cost ≤ threshold (USD)',
  params: z.strictObject({ threshold: z.number().min(0) }),
  build: (p) => (input) => {
    if (input.costUsd === undefined) return invalid('cost: no cost was recorded for this item');
    const ok = input.costUsd <= p.threshold;
    return passFail(ok, `cost $${input.costUsd.toPrecision(3)} ${ok ? '≤' : '>'} $${p.threshold}`, {
      costUsd: input.costUsd,
    });
  },
});
