import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildOpenApi } from './openapi.ts';
import { ADMIN_ROUTES } from './route-table.ts';

// biome-ignore lint/suspicious/noExplicitAny: walking a parsed JSON document in assertions
type Json = Record<string, any>;

const doc = buildOpenApi() as Json;

describe('admin API OpenAPI document', () => {
  it('docs/openapi.json is the generated document (regenerate: keel admin openapi --out docs/openapi.json)', () => {
    const file = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(file, doc);
  });

  it('is OpenAPI 3.1 with every route of the table, unique operation ids and documented path parameters', () => {
    assert.equal(doc.openapi, '3.1.0');
    const ids = new Set<string>();
    for (const route of ADMIN_ROUTES) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${path} documented`);
      assert.ok(!ids.has(op.operationId), `duplicate ${op.operationId}`);
      ids.add(op.operationId);
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      assert.deepEqual(
        op.parameters.filter((p: Json) => p.in === 'path').map((p: Json) => p.name),
        params,
      );
      assert.ok(op.responses[String(route.status)], `${op.operationId} documents its ${route.status}`);
      assert.ok(op.responses['400'] && op.responses['401']);
    }
  });

  it('documents the same bounds the validation enforces (one source of truth)', () => {
    const budget = doc.paths['/api/budgets'].post.requestBody.content['application/json'].schema;
    assert.equal(budget.additionalProperties, false, 'unknown fields are rejected');
    assert.equal(budget.properties.amountUsd.exclusiveMinimum, 0);
    assert.equal(budget.properties.amountUsd.maximum, 1_000_000_000);
    assert.deepEqual(budget.properties.period.enum, ['day', 'week', 'month', 'total']);
    assert.deepEqual(budget.required.sort(), ['amountUsd', 'period', 'scope', 'scopeId']);
    const key = doc.paths['/api/keys'].post;
    assert.ok(
      key.responses['201'].content['application/json'].schema.properties.secret,
      'create returns the secret',
    );
    const keyGet = doc.paths['/api/keys/{keyId}'].get.responses['200'].content['application/json'].schema;
    assert.ok(!('secret' in keyGet.properties) && !('hash' in keyGet.properties), 'get never returns it');
  });
});
