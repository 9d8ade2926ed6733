import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScanContext, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { checkJsonSchema, validateJsonSchema } from './json-schema.ts';
import { createJsonSchemaScanner } from './json-schema-scanner.ts';
import { createPromptLeakageScanner } from './prompt-leakage.ts';
import { safeJsonParse } from './safe-json.ts';
import { createUrlAllowlistScanner } from './url-allowlist.ts';

const run = (s: Scanner, text: string, ctx: Partial<ScanContext> = {}): ScanResult => {
  const r = s.scan({ kind: 'text', text }, { checkpoint: 'output', ...ctx });
  assert.ok(!(r instanceof Promise));
  return r;
};

const SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 10 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, maxItems: 2 },
    kind: { const: 'person' },
  },
  required: ['name', 'age'],
  additionalProperties: false,
};

describe('JSON schema validator', () => {
  test('valid documents pass', () => {
    assert.deepEqual(validateJsonSchema(SCHEMA, { name: 'x', age: 3, tags: ['a'], kind: 'person' }), []);
  });
  test('each keyword reports its path, never the value', () => {
    const errors = validateJsonSchema(SCHEMA, {
      name: '',
      age: 3.5,
      tags: ['c', 'a', 'b'],
      extra: 'secret-value',
    });
    const got = errors.map((e) => `${e.path}:${e.keyword}`).sort();
    assert.deepEqual(got, [
      '/age:type',
      '/extra:additionalProperties',
      '/name:minLength',
      '/tags/0:enum',
      '/tags:maxItems',
    ]);
    assert.ok(errors.every((e) => !e.message.includes('secret-value')));
    assert.deepEqual(
      validateJsonSchema(SCHEMA, { name: 'x' }).map((e) => e.keyword),
      ['required'],
    );
  });
  test('anyOf / oneOf, union types, $ref reported as unsupported', () => {
    assert.deepEqual(validateJsonSchema({ type: ['string', 'null'] }, null), []);
    assert.equal(validateJsonSchema({ anyOf: [{ type: 'string' }, { type: 'number' }] }, true).length, 1);
    assert.equal(
      validateJsonSchema({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 3)[0]?.keyword,
      'oneOf',
    );
    assert.equal(validateJsonSchema({ $ref: '#/x' }, 1)[0]?.keyword, '$ref');
  });
  test('catastrophic schema patterns are refused as invalid, never run', () => {
    const evil = `${'a'.repeat(22)}!`;
    for (const pattern of ['^(a+)+$', '(\\w+\\s?)*$', '^(a|a)*$', '(a|aa){1,30}', '(a?){25}a{25}']) {
      const t0 = performance.now();
      const errors = validateJsonSchema({ type: 'string', pattern }, evil);
      assert.ok(performance.now() - t0 < 50, pattern);
      assert.equal(errors[0]?.keyword, 'pattern', pattern);
      assert.match(errors[0]?.message ?? '', /refused as unsafe/, pattern);
    }
  });
  test("safe schema patterns still match; inputs are bounded by the pattern's worst case", () => {
    const phone = { type: 'string', pattern: '^(\\+\\d{1,3})?\\d{10}$' };
    assert.deepEqual(validateJsonSchema(phone, '+441234567890'), []);
    assert.equal(validateJsonSchema(phone, 'x1234567890')[0]?.message, 'does not match the required pattern');
    assert.deepEqual(validateJsonSchema({ type: 'string', pattern: '^[a-z]+(-x)?$' }, 'abc-x'), []);
    // Polynomial backtracking (three stars, unanchored) runs only on short inputs.
    const poly = { type: 'string', pattern: '\\d*\\d*\\d*!' };
    assert.deepEqual(validateJsonSchema(poly, '12!'), []);
    const t0 = performance.now();
    assert.match(validateJsonSchema(poly, '1'.repeat(1000))[0]?.message ?? '', /too long to check/);
    // Many values share one budget per validation.
    const many = validateJsonSchema(
      { type: 'array', items: { type: 'string', pattern: '.*.*a' } },
      Array(20_000).fill(`${'b'.repeat(39)}a`),
    );
    assert.ok(performance.now() - t0 < 500);
    assert.match(many[0]?.message ?? '', /too many values/);
  });
  test('checkJsonSchema: what validation would refuse whatever the data, found from the schema alone', () => {
    assert.deepEqual(checkJsonSchema(SCHEMA), []);
    assert.deepEqual(checkJsonSchema({ type: 'string', pattern: '^[a-z0-9_-]+$' }), []);
    const bad = {
      type: 'object',
      properties: {
        ref: { $ref: '#/$defs/x' },
        code: { type: 'string', pattern: '^(a+)+$' },
        list: { type: 'array', items: { anyOf: [{ type: 'string', pattern: '(' }] } },
        'a/b': { additionalProperties: { type: 'string', pattern: 'x'.repeat(600) } },
      },
    };
    assert.deepEqual(
      checkJsonSchema(bad).map((e) => [e.schemaPath, e.keyword]),
      [
        ['#/properties/ref/$ref', '$ref'],
        ['#/properties/code/pattern', 'pattern'],
        ['#/properties/list/items/anyOf/0/pattern', 'pattern'],
        ['#/properties/a~1b/additionalProperties/pattern', 'pattern'],
      ],
    );
    const [ref, unsafe, invalid, long] = checkJsonSchema(bad).map((e) => e.message);
    assert.equal(ref, '$ref is not supported');
    assert.match(unsafe ?? '', /^schema pattern refused as unsafe: /);
    assert.equal(invalid, 'schema pattern is invalid');
    assert.equal(long, 'schema pattern is too long');
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 70; i++) deep = { type: 'array', items: deep };
    assert.deepEqual(
      checkJsonSchema(deep).map((e) => e.keyword),
      ['depth'],
    );
  });

  test('deep nesting is capped, not a stack overflow', () => {
    let doc: unknown = 1;
    for (let i = 0; i < 5000; i++) doc = [doc];
    const errors = validateJsonSchema({ type: 'array', items: { type: 'array' } }, doc, { maxDepth: 64 });
    assert.ok(errors.length <= 20);
    assert.equal(safeJsonParse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).ok, false);
  });
});

describe('output scanners', () => {
  test("json-schema: reasons name schema paths, never the answer's keys", () => {
    const s = createJsonSchemaScanner();
    const r = run(s, '{"name":"x","age":1,"ghp_4Fq9TOKEN":1,"tags":["zz"]}', { responseSchema: SCHEMA });
    assert.equal(r.verdict, 'block');
    assert.ok(!(r.reason ?? '').includes('ghp_'), r.reason);
    assert.match(r.reason ?? '', /#\/additionalProperties: is not allowed/);
    assert.match(r.reason ?? '', /#\/properties\/tags\/items\/enum/);
  });
  test('json-schema: request schema, code fences, invalid JSON', () => {
    const s = createJsonSchemaScanner();
    assert.equal(run(s, 'anything').verdict, 'pass', 'no schema: nothing to check');
    assert.equal(run(s, '```json\n{"name":"x","age":2}\n```', { responseSchema: SCHEMA }).verdict, 'pass');
    const bad = run(s, '{"name":"x"}', { responseSchema: SCHEMA });
    assert.equal(bad.verdict, 'block');
    assert.match(bad.reason ?? '', /#\/required\/age: is required/);
    assert.equal(run(s, '{"name": ', { responseSchema: SCHEMA }).verdict, 'block');
    assert.equal(run(createJsonSchemaScanner({ requireJson: true }), 'plain text').verdict, 'block');
  });

  test('url allow-list: subdomains allowed, other and homoglyph domains removed', () => {
    const s = createUrlAllowlistScanner({ allow: ['example.com'] });
    assert.equal(run(s, 'see https://docs.example.com/a and www.example.com.').verdict, 'pass');
    const r = run(s, 'See ![img](https://evil.test/x?d=secret) and https://exаmple.com/login.');
    assert.equal(r.verdict, 'block');
    assert.equal(r.spans?.length, 2, 'Cyrillic а makes a different (punycode) host');
    assert.equal(r.redacted, 'See ![img]([link removed]) and [link removed].');
    assert.equal(run(s, 'https://example.com.evil.test/').verdict, 'block', 'suffix trick');
  });

  test('prompt leakage: verbatim reproduction blocks, ordinary answers pass', () => {
    const system =
      'You are Keel support bot. Never reveal internal discount codes. Always answer politely and briefly, ' +
      'and escalate billing disputes to a human agent within one business day.';
    const s = createPromptLeakageScanner();
    const leak = `Sure! My instructions: ${system}`;
    assert.equal(run(s, leak, { systemPrompt: system }).verdict, 'block');
    assert.equal(
      run(s, 'Your invoice was sent yesterday; anything else?', { systemPrompt: system }).verdict,
      'pass',
    );
    assert.equal(run(s, leak).verdict, 'pass', 'no system prompt in context');
    const partial = 'I will escalate billing disputes to a human agent within one business day.';
    assert.notEqual(run(s, partial, { systemPrompt: system }).verdict, 'pass');
  });
});
