import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker } from './circuit-breaker.ts';
import type { CircuitState } from './types.ts';

function breaker(): { cb: CircuitBreaker; changes: string[] } {
  const changes: string[] = [];
  const cb = new CircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 1000,
    onChange: (from: CircuitState, to: CircuitState) => changes.push(`${from}->${to}`),
  });
  return { cb, changes };
}

function fail(cb: CircuitBreaker, now: number): void {
  cb.end(cb.begin(now), 'failure', now);
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures', () => {
    const { cb, changes } = breaker();
    fail(cb, 0);
    fail(cb, 0);
    assert.equal(cb.state, 'closed');
    assert.equal(cb.failures, 2);
    fail(cb, 0);
    assert.equal(cb.state, 'open');
    assert.equal(cb.canAttempt(999), false);
    assert.deepEqual(changes, ['closed->open']);
  });

  it('says how long until an attempt may start: the cooldown left, unknown while probing', () => {
    const { cb } = breaker();
    assert.equal(cb.msUntilAttempt(0), 0);
    for (let i = 0; i < 3; i++) fail(cb, 100);
    assert.equal(cb.msUntilAttempt(400), 700);
    assert.equal(cb.msUntilAttempt(1100), 0);
    const probe = cb.begin(1100);
    assert.equal(cb.msUntilAttempt(1200), undefined);
    cb.end(probe, 'success', 1300);
    assert.equal(cb.msUntilAttempt(1300), 0);
  });

  it('resets the count on success and ignores neutral results', () => {
    const { cb } = breaker();
    fail(cb, 0);
    fail(cb, 0);
    cb.end(cb.begin(0), 'success', 0);
    fail(cb, 0);
    cb.end(cb.begin(0), 'neutral', 0);
    fail(cb, 0);
    assert.equal(cb.state, 'closed');
    assert.equal(cb.failures, 2);
  });

  it('lets exactly one probe through after the cooldown; success closes', () => {
    const { cb, changes } = breaker();
    for (let i = 0; i < 3; i++) fail(cb, 0);
    assert.equal(cb.canAttempt(1000), true);
    const probe = cb.begin(1000);
    assert.equal(probe, 'probe');
    assert.equal(cb.state, 'half_open');
    assert.equal(cb.canAttempt(1000), false, 'a second request must not probe concurrently');
    cb.end(probe, 'success', 1010);
    assert.equal(cb.state, 'closed');
    assert.equal(cb.failures, 0);
    assert.deepEqual(changes, ['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('re-opens with a fresh cooldown when the probe fails', () => {
    const { cb, changes } = breaker();
    for (let i = 0; i < 3; i++) fail(cb, 0);
    const probe = cb.begin(1500);
    cb.end(probe, 'failure', 1600);
    assert.equal(cb.state, 'open');
    assert.equal(cb.canAttempt(2500), false);
    assert.equal(cb.canAttempt(2600), true);
    assert.deepEqual(changes, ['closed->open', 'open->half_open', 'half_open->open']);
  });

  it('stays half-open after an inconclusive probe and lets the next one through', () => {
    const { cb } = breaker();
    for (let i = 0; i < 3; i++) fail(cb, 0);
    cb.end(cb.begin(1000), 'neutral', 1000);
    assert.equal(cb.state, 'half_open');
    assert.equal(cb.canAttempt(1000), true);
  });

  it('ignores late results of attempts that started before it opened', () => {
    const { cb } = breaker();
    const late = cb.begin(0);
    for (let i = 0; i < 3; i++) fail(cb, 0);
    cb.end(late, 'success', 10);
    assert.equal(cb.state, 'open');
    assert.equal(cb.canAttempt(500), false);
  });
});
