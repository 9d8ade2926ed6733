import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapPromptfooAssertion, PROMPTFOO_ASSERT_MAP } from './promptfoo-map.ts';
import { createScorer } from './registry.ts';

describe('promptfoo assertion mapping', () => {
  test('the acceptance set maps and builds: equals, contains, icontains, regex, is-json, llm-rubric, similar', () => {
    const cases = [
      { type: 'equals', value: 'Paris' },
      { type: 'contains', value: 'Paris' },
      { type: 'icontains', value: 'paris' },
      { type: 'regex', value: '^[A-Z]' },
      { type: 'is-json' },
      { type: 'llm-rubric', value: 'Is polite' },
      { type: 'similar', value: 'The capital is Paris', threshold: 0.8 },
    ];
    for (const c of cases) {
      const m = mapPromptfooAssertion(c);
      assert.ok(m.ok, `${c.type}: ${m.ok ? '' : m.reason}`);
      assert.doesNotThrow(() => createScorer(m.spec));
    }
    const rubric = mapPromptfooAssertion({ type: 'llm-rubric', value: 'Is polite' });
    assert.deepEqual(rubric.ok && rubric.spec, { type: 'llm-rubric', rubric: 'Is polite', threshold: 0.5 });
    const similar = mapPromptfooAssertion({ type: 'similar', value: 'x', threshold: 0.8 });
    assert.deepEqual(similar.ok && similar.spec, { type: 'similar', value: 'x', threshold: 0.8 });
  });

  test('promptfoo defaults and renames carry over', () => {
    const lev = mapPromptfooAssertion({ type: 'levenshtein', value: 'abc' });
    assert.deepEqual(lev.ok && lev.spec, { type: 'levenshtein', value: 'abc', maxDistance: 5 });
    const rouge = mapPromptfooAssertion({ type: 'rouge-n', value: 'ref text' });
    assert.deepEqual(rouge.ok && rouge.spec, {
      type: 'rouge-n',
      value: 'ref text',
      n: 1,
      measure: 'precision',
      threshold: 0.75,
    });
    const qa = mapPromptfooAssertion({ type: 'model-graded-closedqa', value: 'No hedging' });
    assert.deepEqual(qa.ok && qa.spec, { type: 'model-graded-closedqa', criteria: 'No hedging' });
    const faith = mapPromptfooAssertion({ type: 'context-faithfulness', threshold: 0.9 });
    assert.deepEqual(faith.ok && faith.spec, { type: 'faithfulness', threshold: 0.9 });
    const schema = mapPromptfooAssertion({ type: 'is-json', value: '{"type":"object","required":["a"]}' });
    assert.deepEqual(schema.ok && schema.spec, {
      type: 'is-json',
      schema: { type: 'object', required: ['a'] },
    });
  });

  test('not- prefix, metric, weight and a string provider', () => {
    const m = mapPromptfooAssertion({
      type: 'not-icontains',
      value: 'sorry',
      metric: 'no-apology',
      weight: 2,
    });
    assert.ok(m.ok);
    assert.deepEqual(m.spec, { type: 'icontains', value: 'sorry', negate: true, name: 'no-apology' });
    assert.equal(m.weight, 2);
    const j = mapPromptfooAssertion({ type: 'llm-rubric', value: 'ok', provider: 'openai:gpt-4o-mini' });
    assert.ok(j.ok && j.spec.judge === 'openai:gpt-4o-mini');
    const pure = mapPromptfooAssertion({ type: 'contains', value: 'x', provider: 'openai:gpt-4o-mini' });
    assert.ok(pure.ok && pure.spec.judge === undefined);
  });

  test('unsupported, unknown and malformed assertions come back with a reason, never silently', () => {
    const js = mapPromptfooAssertion({ type: 'javascript', value: 'output.length > 3' });
    assert.equal(js.ok, false);
    assert.match(!js.ok ? js.reason : '', /"javascript" is not supported by Keel: custom code/);
    const unknown = mapPromptfooAssertion({ type: 'vibes-check' });
    assert.match(!unknown.ok ? unknown.reason : '', /unknown promptfoo assertion type "vibes-check"/);
    const badRegex = mapPromptfooAssertion({ type: 'regex', value: '([' });
    assert.match(!badRegex.ok ? badRegex.reason : '', /invalid regular expression/);
    const noThreshold = mapPromptfooAssertion({ type: 'latency' });
    assert.match(!noThreshold.ok ? noThreshold.reason : '', /needs a numeric threshold/);
  });

  test('every mapped type builds a registered scorer', () => {
    for (const [type, mapper] of Object.entries(PROMPTFOO_ASSERT_MAP)) {
      if (mapper === 'unsupported') continue;
      const value = type.endsWith('-any') || type.endsWith('-all') ? ['a'] : type.includes('json') ? {} : 'a';
      const sample = { type, value, threshold: 1 };
      const m = mapPromptfooAssertion(sample);
      assert.ok(m.ok, `${type}: ${m.ok ? '' : m.reason}`);
    }
  });
});
