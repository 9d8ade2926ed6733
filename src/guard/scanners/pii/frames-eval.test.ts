import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type Frame,
  type FramesMiss,
  fillFrame,
  frameSchema,
  loadFrames,
  runFramesEval,
  type Slot,
} from './frames-eval.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const skip = existsSync(`${DATA}/guard/pii/presidio-generated_large.json`)
  ? false
  : 'shared PII data not present (../shared/data/guard/pii/presidio-generated_large.json)';

const VALUES: Record<Slot, string> = {
  ADDRESS: '12 Elm Street, Apt 4',
  STREET: 'Castelao 71',
  PERSON: 'Jane Doe',
  PHONE: '555-0100',
  EMAIL: 'jane@example.com',
  ORG: 'Acme Ltd.',
  CITY: 'Springfield',
  COUNTRY: 'Norway',
  DATE: '2/7/1961',
  CARD: '4111111111111111',
};
const frame = (text: string, extra: Partial<Frame> = {}): Frame => ({ id: 't', kind: 't', text, ...extra });
const goldOf = (f: Frame): string[] => {
  const { text, gold } = fillFrame(f, (slot) => VALUES[slot]);
  return gold.map((s) => text.slice(s.start, s.end));
};

test('frames.json parses and every frame has one or two addresses or streets', () => {
  const frames = loadFrames();
  assert.ok(frames.length >= 150, `${frames.length} frames`);
  for (const f of frames) {
    const n = f.text.split(/\{ADDRESS\}|\{STREET\}/).length - 1;
    assert.ok(n >= 1 && n <= 2, `${f.id}: ${n} addresses`);
  }
  assert.throws(() => frameSchema.parse(frame('{CITY} alone')), /one or two \{ADDRESS\} or \{STREET\}/);
});

test('a street alone is a block of its own, joined with a town only across punctuation', () => {
  assert.deepEqual(goldOf(frame('I grew up on {STREET}.')), ['Castelao 71']);
  assert.deepEqual(goldOf(frame('on {STREET}, {CITY}')), ['Castelao 71, Springfield']);
  assert.deepEqual(goldOf(frame('on {STREET} in {CITY}')), ['Castelao 71']);
});

test('gold joins a country or city beside the address only across punctuation', () => {
  assert.deepEqual(goldOf(frame('Ship to {ADDRESS}, {COUNTRY} please.')), ['12 Elm Street, Apt 4, Norway']);
  assert.deepEqual(goldOf(frame('Ship to {ADDRESS} in {COUNTRY} please.')), ['12 Elm Street, Apt 4']);
  assert.deepEqual(goldOf(frame('{ADDRESS}\n{CITY}\n{COUNTRY}\n{PHONE}')), [
    '12 Elm Street, Apt 4\nSpringfield\nNorway',
  ]);
  // A city alone is no block; a phone beside an address is not part of it.
  assert.deepEqual(goldOf(frame('{CITY} office: {PHONE}, {ADDRESS} {PHONE}')), ['12 Elm Street, Apt 4']);
  assert.deepEqual(goldOf(frame('from {ADDRESS} to {ADDRESS}')), [
    '12 Elm Street, Apt 4',
    '12 Elm Street, Apt 4',
  ]);
});

test('gold follows values through escaping and casing', () => {
  const json = fillFrame(frame('{"a": "{ADDRESS}"}', { escape: 'json' }), () => '1 Main St\nOslo');
  assert.equal(json.text, '{"a": "1 Main St\\nOslo"}');
  assert.deepEqual(json.gold, [{ type: 'ADDRESS_BLOCK', start: 7, end: 22 }]);
  const line = fillFrame(frame('x;{ADDRESS};y', { escape: 'line' }), () => '1 Main St\n, BZ\n Oslo');
  assert.equal(line.text, 'x;1 Main St, BZ, Oslo;y');
  const upper = fillFrame(frame('straße {ADDRESS}', { case: 'upper' }), () => 'Hauptstraße 1');
  assert.equal(upper.text, 'STRASSE HAUPTSTRASSE 1');
  assert.deepEqual(upper.gold, [{ type: 'ADDRESS_BLOCK', start: 8, end: 22 }]);
});

test('frames filled from the dev half: the harness runs and reports sane figures', { skip }, () => {
  const misses: FramesMiss[] = [];
  const r = runFramesEval(DATA, { fillings: 2, misses });
  assert.equal(r.fillings, 2);
  assert.equal(r.dev.texts + r.check.texts, r.frames * 2);
  assert.equal(r.overall.texts, r.frames * 2);
  assert.ok(r.overall.gold >= r.overall.texts, `${r.overall.gold} gold blocks`);
  for (const s of [r.overall, r.dev, r.check]) {
    for (const v of [s.exact.precision, s.exact.recall, s.exact.f1, s.overlap.f1])
      assert.ok(v >= 0 && v <= 1);
    assert.ok(s.overlap.f1 >= s.exact.f1);
  }
  // Misses come from dev frames only.
  const devIds = new Set(
    loadFrames()
      .filter((_, i) => i % 2 === 0)
      .map((f) => f.id),
  );
  assert.ok(misses.every((m) => devIds.has(m.frameId)));
});
