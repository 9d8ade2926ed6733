import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simOptionsSchema } from '../../config/schema.ts';
import { FailureInjector, shouldFail } from './failure.ts';
import { mergeSimOptions, parseSimHeaders } from './overrides.ts';

const defaults = simOptionsSchema.parse({});

describe('x-sim-* overrides', () => {
  it('parses every header and merges over the configured options', () => {
    const overrides = parseSimHeaders({
      'x-sim-error-rate': '0.25',
      'x-sim-error-status': 'timeout',
      'x-sim-latency-ms': '10',
      'x-sim-ttft-ms': '20',
      'x-sim-inter-token-ms': '5',
      'x-sim-output-tokens': '7',
      'x-sim-disconnect-after': '3',
      'x-sim-reply': Buffer.from('Score: 5 ✓').toString('base64'),
      'content-type': 'application/json',
    });
    const plan = mergeSimOptions(defaults, overrides);
    assert.deepEqual(plan, {
      options: {
        ...defaults,
        errorRate: 0.25,
        errorStatus: 'timeout',
        latencyMs: 10,
        ttftMs: 20,
        interTokenMs: 5,
        outputTokens: 7,
      },
      reply: 'Score: 5 ✓',
      disconnectAfter: 3,
    });
  });

  it('returns no overrides without x-sim headers, and keeps the options', () => {
    assert.deepEqual(parseSimHeaders({ host: 'x' }), {});
    assert.deepEqual(mergeSimOptions(defaults, {}), { options: defaults });
  });

  it('makes an error status without a rate fail the request', () => {
    const plan = mergeSimOptions(defaults, parseSimHeaders({ 'x-sim-error-status': '429' }));
    assert.equal(plan.options.errorStatus, 429);
    assert.equal(plan.options.errorRate, 1);
  });

  it('rejects bad values with a 400 naming the header', () => {
    const bad = [
      ['x-sim-error-status', '418'],
      ['x-sim-error-rate', '1.5'],
      ['x-sim-latency-ms', 'soon'],
      ['x-sim-output-tokens', '0'],
      ['x-sim-disconnect-after', '-1'],
      ['x-sim-reply', 'not base64!'],
      ['x-sim-reply', Buffer.from([0xff, 0xfe]).toString('base64')],
    ];
    for (const [name, value] of bad) {
      assert.throws(() => parseSimHeaders({ [name as string]: value }), {
        code: 'invalid_request',
        status: 400,
        param: name,
      });
    }
  });
});

describe('failure decisions', () => {
  it('never fails at 0, always at 1, and exactly the rate over a run', () => {
    let failed = 0;
    for (let k = 0; k < 1000; k++) {
      assert.equal(shouldFail(k, 0), false);
      assert.equal(shouldFail(k, 1), true);
      if (shouldFail(k, 0.25)) failed++;
    }
    assert.equal(failed, 250);
  });

  it('fails the first unseeded request and alternates at 0.5; seeded requests decide by seed', () => {
    const injector = new FailureInjector();
    const options = { errorRate: 0.5, errorStatus: 503 as const };
    const decisions = Array.from({ length: 4 }, () => injector.decide(options));
    assert.deepEqual(decisions, [503, null, 503, null]);
    const seeded = injector.decide(options, 42);
    for (let i = 0; i < 5; i++) assert.equal(injector.decide(options, 42), seeded);
    assert.equal(injector.decide({ errorRate: 0, errorStatus: 500 }), null);
  });
});
