import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripForeignFields } from './strip-foreign.ts';

describe('stripForeignFields', () => {
  it('removes cache_control from content parts and tools, leaving everything else', () => {
    const body = {
      model: 'm',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'plain' },
      ],
      tools: [{ type: 'function', function: { name: 'f' }, cache_control: { type: 'ephemeral' } }],
    };
    assert.deepEqual(stripForeignFields(body), {
      model: 'm',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'sys' }] },
        { role: 'user', content: 'plain' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
  });

  it('returns the same object when there is nothing to strip', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    assert.equal(stripForeignFields(body), body);
  });
});
