import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promptOf } from './examples.ts';
import { dedupKey, formatExample, normaliseText } from './export.ts';

describe('training data formats', () => {
  const prompt = [{ role: 'user' as const, content: 'Hi' }];
  it('SFT, DPO and KTO lines in the conversational format', () => {
    assert.deepEqual(
      JSON.parse(
        formatExample({ kind: 'sft', prompt, completion: 'Hello', provenance: 'human', origin: '' }),
      ),
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
        ],
      },
    );
    assert.deepEqual(
      JSON.parse(
        formatExample({
          kind: 'dpo',
          prompt,
          chosen: 'Good',
          rejected: 'Bad',
          provenance: 'human',
          origin: '',
        }),
      ),
      {
        prompt: [{ role: 'user', content: 'Hi' }],
        chosen: [{ role: 'assistant', content: 'Good' }],
        rejected: [{ role: 'assistant', content: 'Bad' }],
      },
    );
    assert.deepEqual(
      JSON.parse(
        formatExample({
          kind: 'kto',
          prompt,
          completion: 'x',
          label: false,
          provenance: 'human',
          origin: '',
        }),
      ),
      {
        prompt: [{ role: 'user', content: 'Hi' }],
        completion: [{ role: 'assistant', content: 'x' }],
        label: false,
      },
    );
  });

  it('de-duplicates on normalised prompt + completion (whitespace, case, Unicode form)', () => {
    assert.equal(normaliseText('  Café\u0301  au\n lait '), normaliseText('café́ au lait'));
    const a = dedupKey({
      kind: 'sft',
      prompt: [{ role: 'user', content: 'Hello  World' }],
      completion: 'Yes.',
      provenance: 'human',
      origin: '',
    });
    const b = dedupKey({
      kind: 'sft',
      prompt: [{ role: 'user', content: ' hello world' }],
      completion: 'yes.',
      provenance: 'synthetic',
      origin: 'x',
    });
    const c = dedupKey({
      kind: 'sft',
      prompt: [{ role: 'system', content: 'hello world' }],
      completion: 'yes.',
      provenance: 'human',
      origin: '',
    });
    assert.equal(a, b);
    assert.notEqual(a, c, 'roles matter');
    const k1 = dedupKey({
      kind: 'kto',
      prompt,
      completion: 'x',
      label: true,
      provenance: 'human',
      origin: '',
    });
    const k2 = dedupKey({
      kind: 'kto',
      prompt,
      completion: 'x',
      label: false,
      provenance: 'human',
      origin: '',
    });
    assert.notEqual(k1, k2, 'a contradicting label is not a duplicate');
  });

  it('prompts come from messages, or variables through a template', () => {
    assert.deepEqual(promptOf({ messages: prompt }, undefined), prompt);
    assert.equal(promptOf({ variables: { q: 'x' } }, undefined), null);
    assert.deepEqual(promptOf({ variables: { q: 'x' } }, 'Q: {{q}}'), [{ role: 'user', content: 'Q: x' }]);
  });
});
