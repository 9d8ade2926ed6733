import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickSplit, primaryVersion } from './canary.ts';

const USERS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

function shares(split: { version: number; weight: number }[], salt: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const user of USERS) {
    const v = pickSplit(split, { key: `u:${user}`, salt });
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

describe('canary splits', () => {
  for (const split of [
    [
      { version: 1, weight: 90 },
      { version: 2, weight: 10 },
    ],
    [
      { version: 3, weight: 50 },
      { version: 4, weight: 50 },
    ],
    [
      { version: 1, weight: 1 },
      { version: 2, weight: 2 },
      { version: 3, weight: 7 },
    ],
  ]) {
    it(`splits 10,000 users within ±3 points of ${split.map((s) => s.weight).join('/')}`, () => {
      const total = split.reduce((sum, s) => sum + s.weight, 0);
      const counts = shares(split, 'greet@production');
      for (const entry of split) {
        const share = (counts.get(entry.version) ?? 0) / USERS.length;
        assert.ok(
          Math.abs(share - entry.weight / total) <= 0.03,
          `v${entry.version}: ${share} vs ${entry.weight / total}`,
        );
      }
    });
  }

  it('is sticky per user, and independent between prompts', () => {
    const split = [
      { version: 1, weight: 50 },
      { version: 2, weight: 50 },
    ];
    let differs = 0;
    for (const user of USERS.slice(0, 2000)) {
      const first = pickSplit(split, { key: `u:${user}`, salt: 'a@production' });
      for (let i = 0; i < 3; i++)
        assert.equal(pickSplit(split, { key: `u:${user}`, salt: 'a@production' }), first);
      if (pickSplit(split, { key: `u:${user}`, salt: 'b@production' }) !== first) differs++;
    }
    // Independent 50/50 assignments disagree for about half the users.
    assert.ok(differs > 800 && differs < 1200, `differs=${differs}`);
  });

  it('keeps users on the canary as its weight grows', () => {
    const at = (w: number) => [
      { version: 1, weight: 100 - w },
      { version: 2, weight: w },
    ];
    for (const user of USERS) {
      if (pickSplit(at(10), { key: user, salt: 's' }) === 2)
        assert.equal(pickSplit(at(25), { key: user, salt: 's' }), 2);
    }
  });

  it('without a key picks at random, still by weight', () => {
    const split = [
      { version: 1, weight: 80 },
      { version: 2, weight: 20 },
    ];
    let canary = 0;
    for (let i = 0; i < 10_000; i++) if (pickSplit(split, { key: null, salt: 's' }) === 2) canary++;
    assert.ok(Math.abs(canary / 10_000 - 0.2) < 0.03, String(canary));
  });

  it('names the heaviest entry as the primary version', () => {
    assert.equal(
      primaryVersion([
        { version: 4, weight: 10 },
        { version: 5, weight: 90 },
      ]),
      5,
    );
    assert.equal(
      primaryVersion([
        { version: 4, weight: 50 },
        { version: 5, weight: 50 },
      ]),
      4,
    );
  });
});
