import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { createScorer, SCORER_REGISTRY, SCORER_TYPES } from './registry.ts';

describe('scorer registry', () => {
  test('lists every type the brief names, once', () => {
    const expected = [
      'equals',
      'contains',
      'icontains',
      'contains-any',
      'contains-all',
      'icontains-any',
      'icontains-all',
      'regex',
      'starts-with',
      'is-json',
      'contains-json',
      'json-schema',
      'levenshtein',
      'rouge-n',
      'rouge-l',
      'bleu',
      'latency',
      'cost',
      'similar',
      'llm-rubric',
      'factuality',
      'model-graded-closedqa',
      'faithfulness',
      'answer-relevance',
      'context-precision',
      'context-recall',
      'context-relevance',
      'citation-accuracy',
    ];
    assert.deepEqual([...SCORER_TYPES].sort(), [...expected].sort());
    assert.equal(new Set(SCORER_TYPES).size, SCORER_TYPES.length);
  });

  test('an unknown type is invalid_request listing the supported types', () => {
    assert.throws(
      () => createScorer({ type: 'contians' }),
      (err: unknown) => {
        assert.ok(err instanceof KeelError);
        assert.equal(err.code, 'invalid_request');
        assert.equal(err.status, 400);
        assert.match(err.message, /Unknown scorer type "contians"; supported: equals, contains/);
        assert.deepEqual(err.details?.supported, SCORER_TYPES);
        return true;
      },
    );
  });

  test('params are validated strictly: typos and wrong types name the field', () => {
    assert.throws(
      () => createScorer({ type: 'levenshtein', treshold: 0.5 }),
      (err: unknown) => {
        assert.ok(err instanceof KeelError);
        assert.match(err.message, /Invalid params for scorer "levenshtein"/);
        assert.match(err.message, /treshold/);
        return true;
      },
    );
    assert.throws(() => createScorer({ type: 'rouge-n', n: 7 }), { param: 'n' });
    assert.throws(() => createScorer({ type: 'bleu', threshold: 1.5 }), { param: 'threshold' });
    assert.throws(() => createScorer({ type: 'llm-rubric' }), { param: 'rubric' });
    assert.throws(
      () => createScorer({ type: 'llm-rubric', rubric: 'x', scale: { min: 5, max: 1 } }),
      /scale.max/,
    );
  });

  test('defaults are filled in and exposed; name, judge and modelGraded are set', () => {
    const s = createScorer({ type: 'rouge-n', name: 'summary overlap' });
    assert.equal(s.name, 'summary overlap');
    assert.equal(s.specVersion, 'v1');
    assert.equal(s.modelGraded, false);
    assert.deepEqual(s.params, { n: 1, measure: 'f', beta: 1, threshold: 0.5 });
    const j = createScorer({ type: 'llm-rubric', rubric: 'is polite', judge: 'gpt-judge' });
    assert.equal(j.modelGraded, true);
    assert.equal(j.judge, 'gpt-judge');
    assert.throws(() => createScorer({ type: 'equals', judge: 'm' }), /not model-graded/);
  });

  test('negate inverts pass and score, but never turns an invalid result into a pass', async () => {
    const not = createScorer({ type: 'contains', value: 'sorry', negate: true });
    const r = await not.score({ output: 'Here is the answer.' }, {});
    assert.deepEqual([r.score, r.pass], [1, true]);
    assert.match(r.reason, /^not: /);
    const hit = await not.score({ output: 'I am sorry' }, {});
    assert.deepEqual([hit.score, hit.pass], [0, false]);
    const noRef = await createScorer({ type: 'equals', negate: true }).score({ output: 'x' }, {});
    assert.equal(noRef.pass, false);
    assert.equal(noRef.details?.invalid, true);
  });

  test('every registered type has a description and a zod params schema', () => {
    for (const def of SCORER_REGISTRY.values()) {
      assert.ok(def.description.length > 10, def.type);
      assert.equal(typeof def.params.safeParse, 'function');
    }
  });
});
