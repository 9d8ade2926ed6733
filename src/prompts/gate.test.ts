import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../errors/index.ts';
import { type PromptGateConfig, promptGateSchema } from './config.ts';
import { createPromotionGate, type EvalResult, type EvalResultSource } from './gate.ts';
import { chatContent, makeService, testActor } from './test-support.ts';

function source(scores: Record<number, number | undefined>): EvalResultSource {
  return {
    async latestResult(_name, version) {
      const score = scores[version];
      return score === undefined
        ? null
        : ({ scores: { accuracy: score }, at: 1, source: 'test' } satisfies EvalResult);
    },
  };
}

const config: PromptGateConfig = promptGateSchema.parse({
  required: true,
  metric: 'accuracy',
  minScore: 0.7,
  maxRegression: 0.02,
});

describe('promotion gate logic', () => {
  const gate = (scores: Record<number, number | undefined>) =>
    createPromotionGate({ source: source(scores), config: () => config });

  it('blocks a candidate that regresses beyond the tolerance', async () => {
    const decision = await gate({ 1: 0.9, 2: 0.85 }).check({
      prompt: 'p',
      candidateVersion: 2,
      currentVersion: 1,
    });
    assert.equal(decision.ok, false);
    assert.match(decision.reason, /regresses accuracy by 0.05 vs v1/);
    assert.equal(decision.details.currentScore, 0.9);
  });

  it('allows an improving candidate, and one within the tolerance', async () => {
    assert.equal(
      (await gate({ 1: 0.8, 2: 0.86 }).check({ prompt: 'p', candidateVersion: 2, currentVersion: 1 })).ok,
      true,
    );
    assert.equal(
      (await gate({ 1: 0.8, 2: 0.78 }).check({ prompt: 'p', candidateVersion: 2, currentVersion: 1 })).ok,
      true,
    );
  });

  it('blocks below the minimum, and without a result', async () => {
    assert.match(
      (await gate({ 2: 0.5 }).check({ prompt: 'p', candidateVersion: 2, currentVersion: null })).reason,
      /below the minimum 0.7/,
    );
    assert.match(
      (await gate({}).check({ prompt: 'p', candidateVersion: 2, currentVersion: 1 })).reason,
      /no evaluation result/,
    );
  });

  it('passes on the minimum alone when the current version was never evaluated', async () => {
    const decision = await gate({ 2: 0.75 }).check({ prompt: 'p', candidateVersion: 2, currentVersion: 1 });
    assert.equal(decision.ok, true);
    assert.match(decision.reason, /v1 has no 'accuracy' result/);
  });
});

describe('promotion gate in the service (store-backed results)', () => {
  it('gates production only; blocks a regression, allows an improvement; rollback bypasses it', async () => {
    const { service, index } = await makeService({ config: { gate: config } });
    await service.createPrompt({ name: 'p', content: chatContent('v1') }, testActor);
    await service.recordEvalResult('p', 1, { scores: { accuracy: 0.9 }, at: 1, source: 'ci' }, testActor);
    await service.moveLabel({ name: 'p', label: 'production', target: { version: 1 }, actor: testActor });
    await service.createVersion('p', { content: chatContent('v2'), labels: ['staging'] }, testActor);
    await service.recordEvalResult('p', 2, { scores: { accuracy: 0.8 }, at: 2, source: 'ci' }, testActor);
    await assert.rejects(
      service.moveLabel({ name: 'p', label: 'production', target: { version: 2 }, actor: testActor }),
      (error: unknown) => {
        assert.ok(error instanceof KeelError);
        assert.equal(error.status, 403);
        assert.match(
          error.message,
          /Promotion gate blocked moving 'production' to v2: p v2 regresses accuracy by 0.1/,
        );
        return true;
      },
    );
    assert.equal(index.get('p')?.labels.get('production')?.version, 1);
    // A newer result for v2 (after a fix in the evaluation) lets it through.
    await service.recordEvalResult('p', 2, { scores: { accuracy: 0.93 }, at: 3, source: 'ci' }, testActor);
    await service.moveLabel({ name: 'p', label: 'production', target: { version: 2 }, actor: testActor });
    assert.equal(index.get('p')?.labels.get('production')?.version, 2);
    await service.rollback({ name: 'p', label: 'production', actor: testActor });
    assert.equal(index.get('p')?.labels.get('production')?.version, 1);
    // A canary split needs the gate for the new version too.
    await service.createVersion('p', { content: chatContent('v3') }, testActor);
    await assert.rejects(
      service.moveLabel({
        name: 'p',
        label: 'production',
        target: {
          split: [
            { version: 1, weight: 90 },
            { version: 3, weight: 10 },
          ],
        },
        actor: testActor,
      }),
      /no evaluation result with 'accuracy' for p v3/,
    );
  });
});
