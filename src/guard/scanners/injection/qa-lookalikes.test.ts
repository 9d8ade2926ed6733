import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createInjectionScanner } from './index.ts';

/**
 * The QA helper's aimed look-alikes for the session-11 rules (data/qa-lookalikes.json). The rules
 * were tightened against them, so these are ceilings that catch regressions, not a measurement:
 * 34 of the 212 ordinary texts and 26 of the 29 borderline ones blocked when they were committed.
 * Session 12's lone classifier (it may block where no rule fires) blocks 3 more ordinary ones, at
 * probabilities 0.91-0.96: an ansible `system_command` asked about, a receipt link template and a
 * tracking URL to decode.
 */
interface Item {
  text: string;
  aimed_at: string;
  borderline?: boolean;
}

const items = (
  JSON.parse(readFileSync(new URL('./data/qa-lookalikes.json', import.meta.url), 'utf8')) as { items: Item[] }
).items;
const scanner = createInjectionScanner();
const blocked = (item: Item): boolean =>
  (scanner.scan({ kind: 'text', text: item.text }, { checkpoint: 'input' }) as { verdict: string })
    .verdict === 'block';

describe('injection: aimed look-alikes of the session-11 rules', () => {
  it('blocks at most 38 of the 212 ordinary texts', () => {
    const ordinary = items.filter((i) => !i.borderline);
    assert.equal(ordinary.length, 212);
    const flagged = ordinary.filter(blocked);
    assert.ok(
      flagged.length <= 38,
      `${flagged.length}: ${flagged.map((i) => i.text.slice(0, 60)).join(' | ')}`,
    );
  });

  it('lets most of every rule’s aimed texts through', () => {
    const byRule = new Map<string, Item[]>();
    for (const item of items.filter((i) => !i.borderline)) {
      byRule.set(item.aimed_at, [...(byRule.get(item.aimed_at) ?? []), item]);
    }
    assert.equal(byRule.size, 7);
    for (const [rule, list] of byRule) {
      const flagged = list.filter(blocked).length;
      assert.ok(flagged <= list.length * 0.4, `${rule}: ${flagged} of ${list.length}`);
    }
  });
});
