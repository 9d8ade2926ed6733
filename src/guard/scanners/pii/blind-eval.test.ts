import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blindHalf, loadBlind, runBlindEval } from './blind-eval.ts';
import { detectAddresses } from './detect-address.ts';

test('the blind set is well formed: unique ids, every address inside its text, both halves used', () => {
  const { items } = loadBlind();
  assert.equal(new Set(items.map((i) => i.id)).size, items.length);
  for (const item of items)
    for (const a of item.addresses) assert.ok(item.text.includes(a), `${item.id}: ${a}`);
  assert.ok(items.filter((i) => blindHalf(i.id) === 'dev').length > 150);
  assert.ok(items.filter((i) => blindHalf(i.id) === 'check').length > 150);
});

// Floors a little under the figures when the set was added (session 10: dev exact F1 0.818, overlap
// recall 0.898; check 0.771 / 0.784), so a rule change that loses real addresses fails here.
test('blind set: most addresses found, few spans on the rest', () => {
  const dev = runBlindEval('dev');
  const check = runBlindEval('check');
  assert.ok(dev.exact.f1 >= 0.8, `dev exact F1 ${dev.exact.f1}`);
  assert.ok(dev.overlap.recall >= 0.88, `dev overlap recall ${dev.overlap.recall}`);
  assert.ok(check.overlap.recall >= 0.76, `check overlap recall ${check.overlap.recall}`);
  assert.ok(check.exact.precision >= 0.85 && dev.exact.precision >= 0.85);
});

test('blind set: the texts with no address get at most two address spans between them', () => {
  const empty = loadBlind().items.filter((i) => i.addresses.length === 0);
  assert.ok(empty.length >= 60);
  const flagged = empty.filter((i) => detectAddresses(i.text).length > 0).map((i) => i.id);
  assert.ok(flagged.length <= 2, `flagged: ${flagged.join(', ')}`);
});

// The second blind set is only scored (never used to change a rule). Floors under its first
// score (session 10: exact F1 0.693, overlap recall 0.895; 5 of its 100 look-alikes flagged).
test('second blind set: held-out floors', () => {
  const file = new URL('./blind-addresses-2.json', import.meta.url);
  const r = runBlindEval('all', file);
  assert.ok(r.texts === 300 && r.gold > 200);
  assert.ok(r.overlap.recall >= 0.87, `overlap recall ${r.overlap.recall}`);
  assert.ok(r.exact.f1 >= 0.66, `exact F1 ${r.exact.f1}`);
  const empty = loadBlind(file).items.filter((i) => i.addresses.length === 0);
  const flagged = empty.filter((i) => detectAddresses(i.text).length > 0);
  assert.ok(flagged.length <= 6, `${flagged.length} look-alikes flagged`);
});

// 952 benign texts two QA helpers aimed at session 10's address rules (address-lookalikes.json).
// 305 + 225 fired before the rules were tightened; 55 + 17 at the end of the session.
test('aimed look-alikes: few get an address span', async () => {
  const { readFileSync } = await import('node:fs');
  const file = new URL('./address-lookalikes.json', import.meta.url);
  const sets = JSON.parse(readFileSync(file, 'utf8')) as { qa1: string[]; qa2: string[] };
  const flagged = (texts: string[]) => texts.filter((t) => detectAddresses(t).length > 0).length;
  const first = flagged(sets.qa1);
  const second = flagged(sets.qa2);
  assert.ok(first <= 60, `first pass: ${first} of ${sets.qa1.length}`);
  assert.ok(second <= 22, `second pass: ${second} of ${sets.qa2.length}`);
});
