import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importPromptfoo } from './import.ts';
import { importProviders, keelModel, modelPart, parseModelMap } from './providers.ts';
import { expandVars, shorthand } from './tests.ts';

describe('promptfoo providers', () => {
  it('takes the model part of provider ids; --model-map renames by full id or model part', () => {
    assert.equal(modelPart('openai:chat:gpt-4o'), 'gpt-4o');
    assert.equal(modelPart('openai:gpt-4o-mini'), 'gpt-4o-mini');
    assert.equal(modelPart('anthropic:messages:claude-3-5-sonnet-20241022'), 'claude-3-5-sonnet-20241022');
    assert.equal(modelPart('ollama:chat:llama3:8b'), 'llama3:8b');
    assert.equal(modelPart('gpt-4o'), 'gpt-4o');
    const map = parseModelMap(['openai:chat:gpt-4o=prod-4o', 'gpt-4o-mini=cheap']);
    assert.equal(keelModel('openai:chat:gpt-4o', map), 'prod-4o');
    assert.equal(keelModel('openai:gpt-4o-mini', map), 'cheap');
    assert.throws(() => parseModelMap(['nope']), /FROM=TO/);
  });

  it('reads every provider form and keeps request params only', () => {
    const warnings: string[] = [];
    const models = importProviders(
      [
        'openai:gpt-4o',
        {
          id: 'anthropic:messages:claude-x',
          label: 'claude',
          config: { temperature: 0.2, max_tokens: 99, apiKey: 'k', apiBaseUrl: 'u' },
        },
        { 'openai:chat:o3': { config: { seed: 1 } } },
        'file://provider.js',
      ],
      new Map(),
      warnings,
    );
    assert.deepEqual(models, [
      { id: 'gpt-4o', model: 'gpt-4o', params: {} },
      { id: 'claude', model: 'claude-x', params: { temperature: 0.2, max_tokens: 99 } },
      { id: 'o3', model: 'o3', params: { seed: 1 } },
    ]);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /'apiKey', 'apiBaseUrl' not carried over/);
    assert.match(warnings[1]!, /file:\/\/provider\.js/);
  });
});

describe('promptfoo tests', () => {
  it('expands array vars into every combination', () => {
    assert.deepEqual(expandVars({ a: [1, 2], b: 'x', c: ['p', 'q'] }), [
      { a: 1, b: 'x', c: 'p' },
      { a: 1, b: 'x', c: 'q' },
      { a: 2, b: 'x', c: 'p' },
      { a: 2, b: 'x', c: 'q' },
    ]);
  });

  it('reads CSV __expected shorthand', () => {
    assert.deepEqual(shorthand('contains: foo'), { type: 'contains', value: 'foo' });
    assert.deepEqual(shorthand('not-icontains: bar'), { type: 'not-icontains', value: 'bar' });
    assert.deepEqual(shorthand('grade: is polite'), { type: 'llm-rubric', value: 'is polite' });
    assert.deepEqual(shorthand('fn: output.length > 1'), { type: 'javascript', value: 'output.length > 1' });
    assert.deepEqual(shorthand('Paris'), { type: 'equals', value: 'Paris' });
    assert.deepEqual(shorthand('is-json:'), { type: 'is-json' });
  });

  it('lists unsupported assertions with the tests that used them, and transforms', () => {
    const r = importPromptfoo(
      `prompts: ["Q: {{q}}"]
providers: [openai:gpt-4o]
defaultTest:
  assert: [{ type: moderation }]
tests:
  - description: one
    vars: { q: a }
    assert: [{ type: python, value: "x" }, { type: contains, value: a, transform: "output.trim()" }]
  - vars: { q: b }
    assert: [{ type: python, value: "y" }, { type: made-up-type }]
    threshold: 0.5
`,
      'pf.yaml',
    );
    const u = Object.fromEntries(r.unsupported.map((x) => [x.type, x]));
    assert.deepEqual(u.python!.tests, ['one', 'tests[1]']);
    assert.deepEqual(u.moderation!.tests, ['defaultTest']);
    assert.match(u.moderation!.reason, /guard module/);
    assert.deepEqual(u.contains!.tests, ['one']);
    assert.match(u.contains!.reason, /transform/);
    assert.match(u['made-up-type']!.reason, /unknown promptfoo assertion type/);
    assert.ok(r.warnings.some((w) => /test-level "threshold"/.test(w)));
    assert.equal(
      (r.evalFile.tests as unknown[]).length,
      2,
      'tests are kept even when some of their assertions are not',
    );
  });

  it('flags Nunjucks beyond {{ var }} and refuses a config without tests or usable providers', () => {
    const r = importPromptfoo(
      'prompts: ["{{ q | upper }}"]\nproviders: [openai:gpt-4o]\ntests: [{ vars: { q: a } }]\n',
      'pf.yaml',
    );
    assert.ok(r.warnings.some((w) => /Nunjucks/.test(w)));
    assert.throws(() => importPromptfoo('providers: [openai:gpt-4o]\n', 'pf.yaml'), /no tests/);
    assert.throws(
      () => importPromptfoo('providers: [echo]\ntests: [{ vars: { q: a } }]\n', 'pf.yaml'),
      /no provider maps/,
    );
  });
});
