import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AlertState, type Transition, transition } from './transition.ts';

function run(steps: Array<[number, boolean]>, o: { forMs?: number; cooldownMs?: number } = {}): Transition[] {
  let state: AlertState | undefined;
  return steps.map(([nowMs, breached]) => {
    const t = transition(state, {
      breached,
      value: breached ? 1 : 0,
      nowMs,
      forMs: o.forMs ?? 0,
      cooldownMs: o.cooldownMs ?? 100,
    });
    state = t.next;
    return t;
  });
}
const events = (ts: Transition[]) => ts.map((t) => (t.event ? `${t.event}${t.notify ? '!' : ''}` : '-'));

describe('alert transitions', () => {
  it('fires once, repeats only after the cooldown, resolves', () => {
    const ts = run([
      [0, true],
      [10, true],
      [50, true],
      [100, true],
      [110, false],
      [120, false],
    ]);
    assert.deepEqual(events(ts), ['firing!', '-', '-', 'repeat!', 'resolved!', '-']);
  });

  it('waits `for` before firing; a blip never fires', () => {
    assert.deepEqual(
      events(
        run(
          [
            [0, true],
            [10, false],
            [20, true],
            [40, true],
            [50, true],
          ],
          { forMs: 30 },
        ),
      ),
      ['-', '-', '-', '-', 'firing!'],
    );
  });

  it('flapping inside the cooldown is suppressed, and announced once the cooldown passes', () => {
    const ts = run([
      [0, true],
      [10, false],
      [20, true],
      [30, false],
      [40, true],
      [150, true],
    ]);
    assert.deepEqual(events(ts), ['firing!', 'resolved!', 'suppressed', 'resolved', 'suppressed', 'firing!']);
  });
});
