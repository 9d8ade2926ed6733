import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HashRing, type RingMember } from './hash-ring.ts';

const KEYS = Array.from({ length: 20_000 }, (_, i) => `prompt-prefix-${i}`);

function members(n: number, weight = 1): RingMember[] {
  return Array.from({ length: n }, (_, i) => ({ id: `replica-${i}`, weight }));
}

function assign(ring: HashRing): string[] {
  return KEYS.map((k) => ring.lookup(k)!);
}

describe('HashRing', () => {
  it('spreads keys roughly evenly with 100 virtual nodes each', () => {
    const owners = assign(new HashRing(members(5)));
    const counts = new Map<string, number>();
    for (const o of owners) counts.set(o, (counts.get(o) ?? 0) + 1);
    assert.equal(counts.size, 5);
    for (const [id, count] of counts) {
      const share = count / KEYS.length;
      assert.ok(share > 0.12 && share < 0.28, `${id}: ${share}`);
    }
  });

  it('gives members keys in proportion to weight', () => {
    const ring = new HashRing([
      { id: 'small', weight: 1 },
      { id: 'big', weight: 3 },
    ]);
    const big = assign(ring).filter((o) => o === 'big').length / KEYS.length;
    assert.ok(big > 0.65 && big < 0.85, `${big}`);
  });

  it('leaves weight-0 members off the ring', () => {
    const ring = new HashRing([
      { id: 'a', weight: 1 },
      { id: 'drained', weight: 0 },
    ]);
    assert.deepEqual(ring.members, ['a']);
    assert.ok(assign(ring).every((o) => o === 'a'));
  });

  it('moves only ~1/N keys, all to the new member, when one is added', () => {
    const before = assign(new HashRing(members(10)));
    const after = assign(new HashRing(members(11)));
    let moved = 0;
    for (let i = 0; i < KEYS.length; i++) {
      if (before[i] !== after[i]) {
        moved++;
        assert.equal(after[i], 'replica-10', 'a key moved between two old members');
      }
    }
    const share = moved / KEYS.length;
    assert.ok(share > 0.05 && share < 0.14, `moved ${share} (ideal 1/11 ≈ 0.091)`);
  });

  it('moves only the removed member keys when one is removed', () => {
    const all = members(10);
    const before = assign(new HashRing(all));
    const after = assign(new HashRing(all.filter((m) => m.id !== 'replica-3')));
    for (let i = 0; i < KEYS.length; i++) {
      if (before[i] !== 'replica-3') assert.equal(after[i], before[i]);
      else assert.notEqual(after[i], 'replica-3');
    }
  });

  it('walks distinct members clockwise, owner first', () => {
    const ring = new HashRing(members(4));
    for (const key of KEYS.slice(0, 200)) {
      const order = ring.walk(key);
      assert.equal(order[0], ring.lookup(key));
      assert.equal(new Set(order).size, 4);
    }
    assert.equal(ring.walk('x', 2).length, 2);
  });

  it('builds the same ring regardless of member order', () => {
    const a = new HashRing(members(6));
    const b = new HashRing([...members(6)].reverse());
    assert.deepEqual(assign(a).slice(0, 2000), assign(b).slice(0, 2000));
  });

  it('handles an empty ring', () => {
    const ring = new HashRing([]);
    assert.equal(ring.lookup('k'), undefined);
    assert.deepEqual(ring.walk('k'), []);
  });
});
