import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanResult } from '../../../spec/scanner.ts';
import { normalizeForDetection } from '../../normalize/index.ts';
import { matchLexicon } from './lexicon.ts';
import { createToxicityScanner } from './toxicity-scanner.ts';

const scanner = createToxicityScanner();
const scan = (text: string): ScanResult =>
  scanner.scan({ kind: 'text', text }, { checkpoint: 'output' }) as ScanResult;

describe('toxicity lexicon', () => {
  it('matches whole words with simple inflections, through leetspeak and look-alikes', () => {
    const hits = matchLexicon(normalizeForDetection('You b1tches are id1ots'));
    assert.deepEqual(
      hits.map((h) => h.category),
      ['insult', 'insult'],
    );
    assert.equal(matchLexicon(normalizeForDetection('Scunthorpe and shitake mushrooms')).length, 0);
  });
});

describe('toxicity scanner', () => {
  it('blocks slurs and abusive insults, with spans and a reason that does not repeat them', () => {
    const text = 'shut up you stupid faggot';
    const result = scan(text);
    assert.equal(result.verdict, 'block');
    const span = result.spans?.find((s) => s.type === 'toxicity:slur');
    assert.ok(span);
    assert.equal(text.slice(span.start, span.end), 'faggot');
    assert.doesNotMatch(result.reason ?? '', /faggot/);
    assert.equal(scan('you are a worthless bitch and everyone hates you').verdict, 'block');
  });

  it('passes ordinary and merely critical text', () => {
    for (const text of [
      'Thanks for the help with my tax return, that was really useful.',
      'I strongly disagree with the new parking policy; it is badly designed.',
      'The history of the Roman empire is fascinating.',
      '',
    ]) {
      assert.equal(scan(text).verdict, 'pass', text);
    }
  });

  it('declares input and output checkpoints and survives bad input', () => {
    assert.deepEqual([...scanner.checkpoints], ['input', 'output']);
    assert.doesNotThrow(() =>
      scan('\ud800'.repeat(10) + String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => i % 256))),
    );
    const long = 'a quiet afternoon in the park. '.repeat(40_000);
    const t0 = performance.now();
    assert.equal(scan(long).verdict, 'pass');
    assert.ok(performance.now() - t0 < 2000);
  });
});
