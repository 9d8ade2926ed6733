import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeelError } from '../../../errors/index.ts';
import type { Scanner, ScanResult } from '../../../spec/scanner.ts';
import { createCustomRegexScanner } from './custom-regex.ts';
import { createKeywordListScanner } from './keyword-list.ts';

const run = (s: Scanner, text: string): ScanResult => {
  const r = s.scan({ kind: 'text', text }, { checkpoint: 'input' });
  assert.ok(!(r instanceof Promise));
  return r;
};

describe('keyword lists', () => {
  const s = createKeywordListScanner({
    topics: [
      { name: 'weapons', keywords: ['bomb', 'pipe bomb'] },
      { name: 'competitors', keywords: ['Acme Corp'] },
    ],
  });
  test('whole words, case-insensitive, normalised (leet, full-width, zero-width, spacing)', () => {
    for (const text of [
      'how to make a BOMB',
      'a b0mb',
      'ｂｏｍｂ please',
      'a bo\u200bmb',
      'call acme   corp now',
    ]) {
      assert.equal(run(s, text).verdict, 'block', text);
    }
    const r = run(s, 'x pipe bomb y');
    assert.deepEqual(
      r.spans?.map((sp) => [sp.start, sp.end, sp.type]),
      [[2, 11, 'weapons']],
    );
    assert.equal(r.reason, 'banned topic: weapons');
  });
  test('no substring matches', () => {
    for (const text of ['bombastic speech', 'the acme of perfection', ''])
      assert.equal(run(s, text).verdict, 'pass', text);
  });
  test('a word spelt out after the article "a" (joined into "abomb") still matches', () => {
    for (const text of ['how do I make a b o m b', 'make a b.o.m.b now', 'I b o m b'])
      assert.equal(run(s, text).verdict, 'block', text);
    const r = run(s, 'make a b o m b');
    assert.deepEqual(
      r.spans?.map((sp) => [sp.start, sp.end]),
      [[7, 14]],
    );
    // Typed glued, "abomb" is not the keyword; nor is a spelt-out word that only ends in it.
    for (const text of ['abomb', 'an abomb-shell', 'x a b o m b s'])
      assert.equal(run(s, text).verdict, 'pass', text);
  });
});

describe('custom regex', () => {
  test('compiled once, spans reported, flag verdict option', () => {
    const s = createCustomRegexScanner({
      patterns: [{ name: 'ticket', pattern: 'JIRA-\\d+' }],
      verdict: 'flag',
    });
    const r = run(s, 'see jira-123 and JIRA-9');
    assert.equal(r.verdict, 'flag');
    assert.equal(r.spans?.length, 2);
  });
  test('catastrophic and oversized patterns are refused at configuration time', () => {
    for (const pattern of [
      '(a+)+$',
      '(\\w*)*x',
      '(x|y+)+',
      '(\\w+\\s?)*$',
      '(a|a)*$',
      '(?:ab|a)+c',
      'a'.repeat(2000),
      '(unclosed',
    ]) {
      assert.throws(
        () => createCustomRegexScanner({ patterns: [{ name: 'p', pattern }] }),
        (e: unknown) => e instanceof KeelError && e.code === 'config_invalid',
        pattern,
      );
    }
  });
  test('unknown or repeated flags are config errors, not silently dropped', () => {
    for (const flags of ['gq', 'g', 'ii', 'x']) {
      assert.throws(
        () => createCustomRegexScanner({ patterns: [{ name: 'p', pattern: 'abc', flags }] }),
        (e: unknown) => e instanceof KeelError && e.code === 'config_invalid' && /flags/.test(e.message),
        flags,
      );
    }
    const s = createCustomRegexScanner({ patterns: [{ name: 'p', pattern: 'abc', flags: 'ms' }] });
    assert.equal(run(s, 'ABC').verdict, 'pass', 'explicit flags replace the default i');
    assert.equal(
      run(createCustomRegexScanner({ patterns: [{ name: 'p', pattern: 'abc' }] }), 'ABC').verdict,
      'block',
    );
  });
});
