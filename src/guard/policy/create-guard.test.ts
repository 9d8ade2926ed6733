import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { Scanner, ScanResult } from '../../spec/scanner.ts';
import { assertNotBlocked, createGuard, guardrailError } from './create-guard.ts';
import type { ScannerFactory } from './registry.ts';
import { builtinScanners } from './registry.ts';
import { guardConfigSchema, selectPolicy } from './schema.ts';

const KEY = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI2kM4'}`;
const text = (t: string) => ({ kind: 'text' as const, text: t });

/** Test scanners: `stub` returns a fixed result, `slow` never answers, `boom` throws. */
function stubFactories(): Record<string, ScannerFactory> {
  const make = (scan: Scanner['scan']): ScannerFactory => ({
    description: 'test',
    options: z.record(z.string(), z.unknown()),
    create: (_o, id) => ({
      specVersion: 'v1',
      id,
      checkpoints: ['input', 'output', 'action', 'retrieval'],
      scan,
    }),
  });
  return {
    slow: make(() => new Promise<ScanResult>(() => undefined)),
    boom: make(() => {
      throw new Error(`leaked ${KEY}`);
    }),
    flagger: make(() => ({ verdict: 'flag', score: 0.4, reason: 'hmm' })),
  };
}

describe('guard config', () => {
  test('a scanner at a checkpoint it does not serve is a config error naming both', () => {
    assert.throws(
      () => createGuard({ policies: { p: { output: [{ scanner: 'injection' }] } } }),
      (e: unknown) =>
        e instanceof KeelError &&
        e.code === 'config_invalid' &&
        e.message.includes('guard.policies.p.output[0]') &&
        e.message.includes('input, retrieval'),
    );
  });

  test('unknown policy references and scanner options are config errors with a path', () => {
    assert.equal(guardConfigSchema.safeParse({ default: 'nope', policies: {} }).success, false);
    assert.throws(
      () => createGuard({ policies: { p: { input: [{ scanner: 'nosuch' }] } } }),
      (e: unknown) =>
        e instanceof KeelError &&
        e.code === 'config_invalid' &&
        e.message.includes('guard.policies.p.input[0]'),
    );
    assert.throws(
      () =>
        createGuard({ policies: { p: { input: [{ scanner: 'pii', options: { entites: ['PERSON'] } }] } } }),
      (e: unknown) => e instanceof KeelError && e.message.includes('options'),
    );
  });
  test('bindings: first match wins, default otherwise', () => {
    const cfg = guardConfigSchema.parse({
      default: 'base',
      policies: { base: {}, strict: {}, fin: {} },
      bindings: [
        { policy: 'fin', teams: ['finance'], models: ['gpt-4o'] },
        { policy: 'strict', teams: ['finance'] },
      ],
    });
    assert.equal(selectPolicy(cfg, { team: 'finance', model: 'gpt-4o' }), 'fin');
    assert.equal(selectPolicy(cfg, { team: 'finance', model: 'other' }), 'strict');
    assert.equal(selectPolicy(cfg, { team: 'eng' }), 'base');
  });
  test('bindings: keys and teams match by id or by name', () => {
    const cfg = guardConfigSchema.parse({
      default: 'base',
      policies: { base: {}, strict: {}, open: {} },
      bindings: [
        { policy: 'open', keys: ['ci-runner'] },
        { policy: 'strict', teams: ['finance'] },
      ],
    });
    const finance = { team: '01a2-team-id', teamName: 'finance' };
    assert.equal(selectPolicy(cfg, finance), 'strict', 'team name');
    assert.equal(selectPolicy(cfg, { team: 'finance' }), 'strict', 'team id');
    assert.equal(selectPolicy(cfg, { ...finance, key: '01a2-key-id', keyName: 'ci-runner' }), 'open');
    assert.equal(selectPolicy(cfg, { team: 'x', teamName: 'eng', key: 'k', keyName: 'laptop' }), 'base');
    assert.equal(selectPolicy(cfg, {}), 'base', 'no principal: no key or team binding');
  });
  test('builtinScanners lists the option-free scanners', () => {
    const ids = [...builtinScanners().keys()];
    for (const id of ['pii', 'secrets', 'injection', 'prompt-leakage', 'dangerous-args'])
      assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes('url-allowlist'), 'needs options');
  });
});

describe('runCheckpoint', () => {
  const guard = createGuard(
    {
      default: 'std',
      policies: {
        std: {
          latencyBudgetMs: 30,
          input: [
            { scanner: 'secrets', action: 'block' },
            { scanner: 'pii', action: 'mask' },
          ],
          output: [
            { scanner: 'secrets', action: 'redact' },
            { scanner: 'pii', action: 'redact', options: { entities: ['EMAIL_ADDRESS'] } },
          ],
          retrieval: [{ scanner: 'flagger', action: 'block' }],
          action: [{ scanner: 'pii', action: 'redact' }],
        },
        slowAllow: { latencyBudgetMs: 20, input: [{ scanner: 'slow' }, { scanner: 'flagger' }] },
        slowBlock: { latencyBudgetMs: 20, onTimeout: 'block', input: [{ scanner: 'slow' }] },
        failing: { onError: 'block', input: [{ scanner: 'boom' }] },
        failingOpen: { input: [{ scanner: 'boom' }] },
        failingMask: {
          input: [{ scanner: 'boom', action: 'mask' }],
          output: [{ scanner: 'slow', action: 'redact' }],
          latencyBudgetMs: 20,
        },
        failingMaskOpen: { onError: 'allow', input: [{ scanner: 'boom', action: 'mask' }] },
        // The policy's onTimeout is for its detection steps; it does not loosen a mask step.
        failingMaskPolicyTimeout: { onTimeout: 'allow', input: [{ scanner: 'boom', action: 'mask' }] },
      },
    },
    { factories: stubFactories() },
  );

  test('block names policy and scanner; the error never carries the matched text', async () => {
    const r = await guard.runCheckpoint('input', text(`here ${KEY} and jane@example.com`));
    assert.equal(r.action, 'block');
    assert.deepEqual(r.blockedBy, { policy: 'std', scanner: 'secrets' });
    assert.equal(r.results.length, 2);
    for (const rec of r.results) assert.ok(rec.latencyMs >= 0 && typeof rec.score === 'number');
    const error = guardrailError(r);
    assert.equal(error.code, 'guardrail_blocked');
    assert.match(error.message, /policy 'std' \(scanner 'secrets'\)/);
    assert.ok(!JSON.stringify({ m: error.message, d: error.details, r: r.results }).includes(KEY.slice(4)));
    assert.throws(() => assertNotBlocked(r), KeelError);
  });

  test('mask at input, restore from the returned session', async () => {
    const r = await guard.runCheckpoint('input', text('Email jane@example.com please'));
    assert.equal(r.action, 'redact');
    assert.equal(r.text, 'Email <EMAIL_1> please');
    assert.ok(r.mask);
    assert.equal(r.mask.restore('Sent to <EMAIL_1>.'), 'Sent to jane@example.com.');
    const again = await guard.runCheckpoint('input', text('cc jane@example.com'), { mask: r.mask });
    assert.equal(again.text, 'cc <EMAIL_1>', 'one mapping per request');
  });

  test('redactions from several scanners are merged', async () => {
    const r = await guard.runCheckpoint(
      'output',
      text(`key ${KEY}, mail jane@example.com, call 415-555-0132`),
    );
    assert.equal(r.action, 'redact');
    assert.equal(r.text, 'key [github-pat], mail [EMAIL_ADDRESS], call 415-555-0132');
  });

  test('flag verdicts only flag; clean input is allowed', async () => {
    assert.equal((await guard.runCheckpoint('retrieval', text('doc'))).action, 'flag');
    assert.equal((await guard.runCheckpoint('input', text('hello there'))).action, 'allow');
  });

  test('redaction of a tool call blocks instead of rewriting its JSON', async () => {
    const call = {
      id: 'c',
      type: 'function' as const,
      function: { name: 'send', arguments: '{"to":"jane@example.com"}' },
    };
    const r = await guard.runCheckpoint('action', { kind: 'tool_call', call });
    assert.equal(r.action, 'block');
  });

  test('timeouts follow onTimeout; other scanners still count', async () => {
    const allow = await guard.runCheckpoint('input', text('x'), { policy: 'slowAllow' });
    assert.equal(allow.action, 'flag');
    assert.equal(allow.results[0]?.verdict, 'timeout');
    assert.equal(allow.results[0]?.action, 'allow');
    const block = await guard.runCheckpoint('input', text('x'), { policy: 'slowBlock' });
    assert.equal(block.action, 'block');
    assert.deepEqual(block.blockedBy, { policy: 'slowBlock', scanner: 'slow' });
  });

  test('a throwing scanner follows onError (default: onTimeout), without recording its message', async () => {
    const closed = await guard.runCheckpoint('input', text('x'), { policy: 'failing' });
    assert.equal(closed.action, 'block');
    assert.equal(closed.results[0]?.verdict, 'error');
    assert.equal(closed.results[0]?.reason, 'scanner failed');
    assert.ok(!JSON.stringify(closed).includes('leaked'));
    const open = await guard.runCheckpoint('input', text('x'), { policy: 'failingOpen' });
    assert.equal(open.action, 'allow');
  });

  test('a step that masks or redacts fails closed when its scanner throws or times out, unless told otherwise', async () => {
    // Without the scanner's answer the text would go on unmasked.
    const masked = await guard.runCheckpoint('input', text('jane@example.com'), { policy: 'failingMask' });
    assert.equal(masked.action, 'block');
    assert.equal(masked.results[0]?.verdict, 'error');
    const redacted = await guard.runCheckpoint('output', text('jane@example.com'), { policy: 'failingMask' });
    assert.equal(redacted.action, 'block');
    assert.equal(redacted.results[0]?.verdict, 'timeout');
    const open = await guard.runCheckpoint('input', text('jane@example.com'), { policy: 'failingMaskOpen' });
    assert.equal(open.action, 'allow');
    const policyTimeout = await guard.runCheckpoint('input', text('jane@example.com'), {
      policy: 'failingMaskPolicyTimeout',
    });
    assert.equal(policyTimeout.action, 'block');
  });

  test('no policy → nothing runs; unknown policy → config error', async () => {
    const bare = createGuard({ policies: { p: { input: [{ scanner: 'pii' }] } } });
    assert.equal((await bare.runCheckpoint('input', text('jane@example.com'))).action, 'allow');
    await assert.rejects(bare.runCheckpoint('input', text('x'), { policy: 'zzz' }), KeelError);
  });

  test('PII options: DATE_TIME is opt-in, decode can be turned off, unknown entities are config errors', async () => {
    const dated = createGuard({
      default: 'p',
      policies: {
        p: {
          input: [{ scanner: 'pii', action: 'mask', options: { entities: ['DATE_TIME'], decode: false } }],
        },
      },
    });
    const r = await dated.runCheckpoint(
      'input',
      text('The call is on 3/8/2024 at 17:00, mail jane@example.com'),
    );
    assert.equal(r.text, 'The call is on <DATE_1>, mail jane@example.com');
    const plain = createGuard({
      default: 'p',
      policies: { p: { input: [{ scanner: 'pii', action: 'mask' }] } },
    });
    assert.equal(
      (await plain.runCheckpoint('input', text('The call is on 3/8/2024 at 17:00'))).action,
      'allow',
    );
    assert.throws(
      () =>
        createGuard({
          policies: { p: { input: [{ scanner: 'pii', options: { entities: ['SHOE_SIZE'] } }] } },
        }),
      /options/,
    );
  });

  test('toxicity profanity option: untargeted swearing flags by default, blocks with profanity: block', async () => {
    const swear = text('this code is a fucking mess');
    const byDefault = createGuard({ default: 'p', policies: { p: { input: [{ scanner: 'toxicity' }] } } });
    const r = await byDefault.runCheckpoint('input', swear);
    assert.equal(r.action, 'flag');
    const strict = createGuard({
      default: 'p',
      policies: { p: { input: [{ scanner: 'toxicity', options: { profanity: 'block' } }] } },
    });
    assert.equal((await strict.runCheckpoint('input', swear)).action, 'block');
    assert.equal((await byDefault.runCheckpoint('input', text('you are a fucking idiot'))).action, 'block');
    assert.throws(
      () =>
        createGuard({
          policies: { p: { input: [{ scanner: 'toxicity', options: { profanity: 'sometimes' } }] } },
        }),
      /options/,
    );
  });
});
