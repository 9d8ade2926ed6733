import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { guardSectionSchema, policyConfigOf } from '../config.ts';
import { compileGuardState } from './compile.ts';

describe('guard: section schema and compilation', () => {
  test('absent section: defaults, and nothing compiled (the module is inert)', () => {
    const section = guardSectionSchema.parse(undefined);
    assert.deepEqual(section.policies, {});
    assert.equal(section.embeddings, false);
    assert.deepEqual(section.stream, { overlap: 256, holdBack: 0 });
    assert.equal(compileGuardState(section), null);
  });

  test('defaultPolicy and default are the same setting; both set differently is an error', () => {
    const policies = { a: {}, b: {} };
    assert.equal(policyConfigOf(guardSectionSchema.parse({ defaultPolicy: 'a', policies })).default, 'a');
    assert.equal(policyConfigOf(guardSectionSchema.parse({ default: 'b', policies })).default, 'b');
    const both = guardSectionSchema.safeParse({ default: 'a', defaultPolicy: 'b', policies });
    assert.equal(both.success, false);
    assert.deepEqual(both.error?.issues[0]?.path, ['defaultPolicy']);
  });

  test('unknown policy references and typos are errors with a path', () => {
    const r = guardSectionSchema.safeParse({
      defaultPolicy: 'x',
      policies: { a: {} },
      bindings: [{ policy: 'y' }],
    });
    assert.equal(r.success, false);
    assert.deepEqual(
      r.error?.issues.map((i) => i.path.join('.')),
      ['defaultPolicy', 'bindings.0.policy'],
    );
    assert.equal(guardSectionSchema.safeParse({ polices: {} }).success, false);
    assert.equal(guardSectionSchema.safeParse({ stream: { holdBack: -1 } }).success, false);
  });

  test('bad scanner options fail compilation with config_invalid naming the step', () => {
    const section = guardSectionSchema.parse({
      policies: {
        p: { output: [{ scanner: 'pii' }, { scanner: 'secrets', options: { blockThreshhold: 1 } }] },
      },
    });
    assert.throws(
      () => compileGuardState(section),
      (e: unknown) =>
        e instanceof KeelError &&
        e.code === 'config_invalid' &&
        e.message.includes('guard.policies.p.output[1]'),
    );
  });

  test('compiled policies: stream step split and the quarantine variant', () => {
    const state = compileGuardState(
      guardSectionSchema.parse({
        defaultPolicy: 'p',
        policies: {
          p: {
            input: [{ scanner: 'injection' }, { scanner: 'pii', action: 'mask' }],
            output: [{ scanner: 'secrets' }, { scanner: 'json-schema' }, { scanner: 'prompt-leakage' }],
            action: [{ scanner: 'dangerous-args' }],
          },
          q: { output: [{ scanner: 'secrets' }] },
        },
      }),
    );
    assert.ok(state);
    const p = state.policies.get('p');
    assert.ok(p);
    assert.equal(p.masksInput, true);
    assert.deepEqual(
      p.chunkSteps.map((s) => s.id),
      ['secrets', 'prompt-leakage'],
    );
    assert.deepEqual(
      p.finalSteps.map((s) => s.id),
      ['json-schema', 'prompt-leakage'],
    );
    assert.deepEqual(
      p.actionSteps.map((s) => s.id),
      ['dangerous-args'],
    );
    assert.deepEqual(
      state.quarantineGuard.config.policies.p?.input.map((s) => s.action),
      ['flag', 'mask'],
      'only injection blocks are relaxed for the quarantine',
    );
    assert.equal(state.guard.config.policies.p?.input[0]?.action, 'block');
    assert.equal(state.select({ model: 'anything' }), 'p');
  });
});
