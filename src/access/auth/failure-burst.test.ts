import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FailureBurstDetector } from './failure-burst.ts';

describe('FailureBurstDetector', () => {
  it('reports once per address per window when failures reach the threshold', () => {
    let now = 0;
    const bursts: Array<{ ip: string; failures: number }> = [];
    const detector = new FailureBurstDetector({
      threshold: 20,
      windowMs: 60_000,
      now: () => now,
      onBurst: ({ ip, failures }) => bursts.push({ ip, failures }),
    });
    for (let i = 0; i < 19; i++) detector.failure('10.0.0.1');
    assert.equal(bursts.length, 0);
    detector.failure('10.0.0.1');
    for (let i = 0; i < 100; i++) detector.failure('10.0.0.1');
    assert.deepEqual(bursts, [{ ip: '10.0.0.1', failures: 20 }]);
    for (let i = 0; i < 19; i++) detector.failure('10.0.0.2');
    assert.equal(bursts.length, 1, 'other addresses count separately');
    now = 60_000;
    for (let i = 0; i < 20; i++) detector.failure('10.0.0.1');
    assert.equal(bursts.length, 2, 'a new window can report again');
  });

  it('tracks a bounded number of addresses', () => {
    const bursts: string[] = [];
    const detector = new FailureBurstDetector({
      threshold: 2,
      windowMs: 60_000,
      maxClients: 2,
      onBurst: ({ ip }) => bursts.push(ip),
    });
    detector.failure('a');
    detector.failure('b');
    detector.failure('c');
    detector.failure('a');
    assert.deepEqual(bursts, [], "'a' was evicted by 'c', so its count restarted");
  });
});
