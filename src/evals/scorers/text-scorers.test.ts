import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScoreResult, ScorerInput } from '../../spec/scorer.ts';
import { createScorer, type ScorerSpec } from './registry.ts';

async function score(
  spec: ScorerSpec,
  input: Partial<ScorerInput> & { output: string },
): Promise<ScoreResult> {
  return createScorer(spec).score(input, {});
}

describe('equals', () => {
  test('exact text, with trim and case-insensitive options', async () => {
    assert.equal((await score({ type: 'equals', value: 'Paris' }, { output: 'Paris' })).pass, true);
    assert.equal((await score({ type: 'equals', value: 'Paris' }, { output: 'Paris ' })).pass, false);
    assert.equal(
      (await score({ type: 'equals', value: 'Paris', trim: true }, { output: ' Paris\n' })).pass,
      true,
    );
    assert.equal((await score({ type: 'equals', value: 'Paris' }, { output: 'paris' })).pass, false);
    const ci = await score({ type: 'equals', value: 'Paris', caseInsensitive: true }, { output: 'PARIS' });
    assert.deepEqual([ci.score, ci.pass], [1, true]);
  });
  test('falls back to the item expected output', async () => {
    assert.equal((await score({ type: 'equals' }, { output: 'x', expected: 'x' })).pass, true);
    const none = await score({ type: 'equals' }, { output: 'x' });
    assert.equal(none.pass, false);
    assert.match(none.reason, /no reference/);
  });
  test('a non-string reference compares the output as JSON, key order ignored', async () => {
    const ref = { a: 1, b: [1, 2] };
    assert.equal((await score({ type: 'equals', value: ref }, { output: '{"b":[1,2],"a":1}' })).pass, true);
    assert.equal((await score({ type: 'equals', value: ref }, { output: '{"b":[2,1],"a":1}' })).pass, false);
    const notJson = await score({ type: 'equals', value: ref }, { output: 'a: 1' });
    assert.match(notJson.reason, /not valid JSON/);
  });
});

describe('contains family', () => {
  const out = 'The capital of France is Paris.';
  test('contains is case-sensitive, icontains is not', async () => {
    assert.equal((await score({ type: 'contains', value: 'Paris' }, { output: out })).pass, true);
    assert.equal((await score({ type: 'contains', value: 'paris' }, { output: out })).pass, false);
    assert.equal((await score({ type: 'icontains', value: 'PARIS' }, { output: out })).pass, true);
  });
  test('contains-any passes on one hit; accepts a comma-separated string', async () => {
    const r = await score({ type: 'contains-any', value: 'London, Paris' }, { output: out });
    assert.deepEqual([r.score, r.pass], [1, true]);
    assert.deepEqual(r.details?.found, ['Paris']);
    assert.equal(
      (await score({ type: 'contains-any', value: ['Rome', 'Berlin'] }, { output: out })).pass,
      false,
    );
  });
  test('contains-all scores the share found: 2 of 3 values → 0.667, fail', async () => {
    const r = await score({ type: 'contains-all', value: ['France', 'Paris', 'Seine'] }, { output: out });
    assert.equal(r.pass, false);
    assert.ok(Math.abs(r.score - 2 / 3) < 1e-12);
    assert.deepEqual(r.details?.missing, ['Seine']);
  });
  test('icontains-all and icontains-any fold case', async () => {
    assert.equal(
      (await score({ type: 'icontains-all', value: ['FRANCE', 'paris'] }, { output: out })).pass,
      true,
    );
    assert.equal(
      (await score({ type: 'icontains-any', value: ['ROME', 'paris'] }, { output: out })).pass,
      true,
    );
    assert.equal((await score({ type: 'contains-all', value: ['FRANCE'] }, { output: out })).pass, false);
  });
  test('an empty list is a creation error', () => {
    assert.throws(() => createScorer({ type: 'contains-any', value: [] }), { code: 'invalid_request' });
    assert.throws(() => createScorer({ type: 'contains-all', value: ' , ' }), /at least one/);
  });
});

describe('regex', () => {
  test('matches with flags and reports the match', async () => {
    const r = await score({ type: 'regex', value: '\\d{3}-\\d{4}' }, { output: 'call 555-1234 now' });
    assert.equal(r.pass, true);
    assert.match(r.reason, /555-1234/);
    assert.equal(
      (await score({ type: 'regex', value: '^hello', flags: 'i' }, { output: 'HELLO' })).pass,
      true,
    );
    assert.equal((await score({ type: 'regex', value: '^hello' }, { output: 'HELLO' })).pass, false);
  });
  test('an invalid pattern is a clear error at creation', () => {
    assert.throws(
      () => createScorer({ type: 'regex', value: '(unclosed' }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'invalid_request');
        assert.match(err.message, /invalid regular expression/);
        return true;
      },
    );
  });
  test('nested quantifiers, stateful flags and long patterns are refused', () => {
    assert.throws(() => createScorer({ type: 'regex', value: '(a+)+$' }), /nested quantifier/);
    assert.throws(() => createScorer({ type: 'regex', value: '(\\w*)*x' }), /nested quantifier/);
    assert.throws(() => createScorer({ type: 'regex', value: 'a', flags: 'g' }), /flags/);
    assert.throws(() => createScorer({ type: 'regex', value: 'a'.repeat(1001) }), /value/);
    assert.doesNotThrow(() => createScorer({ type: 'regex', value: '(\\d{1,3}\\.){3}\\d{1,3}' }));
  });
  test('over-long outputs are not matched (invalid, not a pass)', async () => {
    const r = await score({ type: 'regex', value: 'x' }, { output: 'x'.repeat(200_001) });
    assert.equal(r.pass, false);
    assert.equal(r.details?.invalid, true);
  });
});

describe('starts-with', () => {
  test('prefix, optional leading-whitespace trim and case folding', async () => {
    assert.equal((await score({ type: 'starts-with', value: 'Yes' }, { output: 'Yes, it is.' })).pass, true);
    assert.equal((await score({ type: 'starts-with', value: 'Yes' }, { output: '\nYes' })).pass, false);
    assert.equal(
      (await score({ type: 'starts-with', value: 'Yes', trimStart: true }, { output: '\nYes' })).pass,
      true,
    );
    assert.equal(
      (await score({ type: 'starts-with', value: 'yes', caseInsensitive: true }, { output: 'YES!' })).pass,
      true,
    );
  });
});

describe('JSON scorers', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
    required: ['name'],
  };
  test('is-json: the whole output must be JSON', async () => {
    assert.equal((await score({ type: 'is-json' }, { output: '{"a":1}' })).pass, true);
    assert.equal((await score({ type: 'is-json' }, { output: 'Sure: {"a":1}' })).pass, false);
    assert.equal((await score({ type: 'is-json' }, { output: '```json\n{"a":1}\n```' })).pass, false);
    assert.equal(
      (await score({ type: 'is-json', allowCodeFence: true }, { output: '```json\n{"a":1}\n```' })).pass,
      true,
    );
  });
  test('is-json with a schema, and json-schema, validate with the guard validator', async () => {
    assert.equal((await score({ type: 'is-json', schema }, { output: '{"name":"Ann","age":3}' })).pass, true);
    const bad = await score({ type: 'json-schema', schema }, { output: '{"age":-1}' });
    assert.equal(bad.pass, false);
    assert.match(bad.reason, /\/name is required/);
    assert.match(bad.reason, /\/age must be >= 0/);
    assert.equal(
      (await score({ type: 'json-schema', schema }, { output: '```json\n{"name":"x"}\n```' })).pass,
      true,
    );
  });
  test('contains-json finds JSON embedded in prose', async () => {
    const out = 'Here you go: {"name": "Bo", "note": "a } in a string"} — done.';
    assert.equal((await score({ type: 'contains-json' }, { output: out })).pass, true);
    assert.equal((await score({ type: 'contains-json', schema }, { output: out })).pass, true);
    assert.equal((await score({ type: 'contains-json' }, { output: 'no json {here' })).pass, false);
  });
});
