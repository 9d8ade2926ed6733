import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMaskSession } from './mask-session.ts';
import { createStreamRestorer } from './stream-restorer.ts';

describe('mask and restore', () => {
  test('typed placeholders, same value → same placeholder, round trip', () => {
    const session = createMaskSession();
    const text =
      'Mail jane@example.com or bob@example.org, then jane@example.com again; call +1 415-555-0132.';
    const masked = session.mask(text);
    assert.equal(masked, 'Mail <EMAIL_1> or <EMAIL_2>, then <EMAIL_1> again; call <PHONE_NUMBER_1>.');
    assert.equal(session.size, 3);
    assert.equal(session.restore(masked), text);
    assert.equal(
      session.mask('reply to jane@example.com'),
      'reply to <EMAIL_1>',
      'mapping spans calls in one request',
    );
  });
  test('only known placeholders are restored; separate sessions do not share mappings', () => {
    const a = createMaskSession();
    a.mask('jane@example.com');
    const b = createMaskSession();
    assert.equal(b.restore('<EMAIL_1>'), '<EMAIL_1>');
    assert.equal(a.restore('<EMAIL_1> and <EMAIL_9> and <b>'), 'jane@example.com and <EMAIL_9> and <b>');
  });
  test('chat messages: string content and text parts', () => {
    const s = createMaskSession();
    const out = s.maskMessages([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'I am at jane@example.com' },
          { type: 'image_url', image_url: { url: 'x' } },
        ],
      },
    ]);
    assert.deepEqual(out[1]?.content, [
      { type: 'text', text: 'I am at <EMAIL_1>' },
      { type: 'image_url', image_url: { url: 'x' } },
    ]);
    assert.equal(out[0]?.content, 'Be brief.');
  });
});

describe('stream restorer', () => {
  const session = createMaskSession();
  const masked = session.mask('Write to jane@example.com and call +1 415-555-0132 today.');
  const original = session.restore(masked);

  test('placeholders split at every possible position are restored', () => {
    for (let a = 1; a < masked.length - 1; a++) {
      for (const b of [a + 1, a + 3, a + 7]) {
        if (b >= masked.length) continue;
        const r = session.streamRestorer();
        const out =
          r.push(masked.slice(0, a)) + r.push(masked.slice(a, b)) + r.push(masked.slice(b)) + r.flush();
        assert.equal(out, original, `split at ${a}/${b}`);
      }
    }
  });
  test('emits text immediately, holds only a possible placeholder prefix', () => {
    const r = session.streamRestorer();
    assert.equal(r.push('Hello <EMA'), 'Hello ');
    assert.equal(r.push('IL_1> bye'), 'jane@example.com bye');
    assert.equal(r.push('a < b and <x'), 'a < b and <x', 'lower-case after < cannot be a placeholder');
    assert.equal(r.push(' <'), ' ');
    assert.equal(r.flush(), '<');
  });
  test('a long run after < is released rather than stalling', () => {
    const r = createStreamRestorer((t) => t);
    assert.equal(r.push(`<${'A'.repeat(60)}`), `<${'A'.repeat(60)}`);
  });
  test('placeholder-shaped user text is never reused, so restoring leaves it alone', () => {
    const m = createMaskSession();
    m.reserve('earlier message mentions <EMAIL_2>');
    const masked = m.mask('literal <EMAIL_1> and real jane@example.com');
    assert.equal(masked, 'literal <EMAIL_1> and real <EMAIL_3>');
    assert.equal(m.restore(masked), 'literal <EMAIL_1> and real jane@example.com');
    assert.equal(m.restore('<EMAIL_2>'), '<EMAIL_2>');
  });
});
