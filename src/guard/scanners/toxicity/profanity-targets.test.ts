import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanResult } from '../../../spec/scanner.ts';
import { normalizeForDetection } from '../../normalize/index.ts';
import { scanProfanity } from './profanity.ts';
import { profanityTarget } from './profanity-target.ts';
import { AT_PEOPLE, AT_THINGS } from './profanity-target-probes.ts';
import { createToxicityScanner, type ProfanityMode } from './toxicity-scanner.ts';

/**
 * Probes for what an expletive lands on, written from the principle (not from any data set):
 * swearing at a thing or an event ("your fucking code", "they fucking broke it", "fuck Docker")
 * is profanity and flags under the default options; swearing at a person, a group or the reader
 * ("fuck you", "screw you", "fuck my boss", "fuck those immigrants") is abuse and blocks. Masked
 * and leetspeak spellings are included on both sides. One test per sentence, so a run counts them.
 */
const scanners = {
  allow: createToxicityScanner({ profanity: 'allow' }),
  flag: createToxicityScanner(),
  block: createToxicityScanner({ profanity: 'block' }),
};
const verdictOf = (text: string, mode: ProfanityMode = 'flag'): string =>
  (scanners[mode].scan({ kind: 'text', text }, { checkpoint: 'input' }) as ScanResult).verdict;

describe('toxicity probes: profanity aimed at a thing or an event flags (default options)', () => {
  for (const text of AT_THINGS) {
    it(text, () => {
      assert.equal(verdictOf(text), 'flag');
      assert.equal(verdictOf(text, 'allow'), 'pass');
      assert.equal(verdictOf(text, 'block'), 'block');
    });
  }
});

describe('toxicity probes: profanity aimed at a person, a group or the reader blocks', () => {
  for (const text of AT_PEOPLE) {
    it(text, () => {
      for (const mode of ['allow', 'flag', 'block'] as const)
        assert.equal(verdictOf(text, mode), 'block', mode);
    });
  }
});

describe("toxicity probes: the curses' words in their ordinary senses", () => {
  it('"screw" as hardware and "bite me" as a bite are neither profanity nor abuse', () => {
    for (const text of [
      'screw the lid on tight before shaking',
      'Screw it into the wall plug, then hang the shelf.',
      'How do I screw up my courage before the interview?',
      'the bank will screw you over with fees, read the contract',
      'Which screw sizes fit an M4 insert?',
      'the dog tried to bite me at the park',
      'Do mosquitoes bite me more because of my blood type?',
      'the pipes get bent if you tighten them too much',
    ]) {
      assert.equal(verdictOf(text), 'pass', text);
    }
  });
});

describe('toxicity probes: why an expletive counts as aimed', () => {
  const target = (text: string): string | undefined => {
    const normalized = normalizeForDetection(text);
    const { tokens } = scanProfanity(normalized, text);
    return profanityTarget(tokens, text, (n) => normalized.offsets[n] ?? text.length);
  };

  it('a thing or a verb after the expletive takes it from the owner or subject before', () => {
    assert.equal(target('your fucking code is broken'), undefined);
    assert.equal(target('they fucking broke it'), undefined);
    assert.equal(target('your fucking stupid code'), undefined);
    assert.equal(target('your fucking stupid'), 'person'); // "you're" misspelt
    assert.equal(target('ur a fucking joke'), 'person');
    assert.equal(target("he's a fucking liar"), 'person');
    assert.equal(target('you fucking suck'), 'person');
    assert.equal(target('shut your fucking mouth'), 'person');
  });

  it('"fuck X" is aimed when X is a person, by the PERSON detector and name lists', () => {
    assert.equal(target('fuck Docker'), undefined);
    assert.equal(target('fuck your paywall'), undefined);
    assert.equal(target('fuck Kevin'), 'name');
    assert.equal(target('fuck kevin'), 'name');
    assert.equal(target('fuck Jordan Peterson'), 'name');
    assert.equal(target('fuck Dr. Patel'), 'name');
    assert.equal(target('fuck @dave'), 'name');
    assert.equal(target('fuck Bezos, he is a crook'), 'name');
    assert.equal(target('fuck my landlord'), 'person');
    assert.equal(target('fuck Trump supporters'), 'person');
    assert.equal(target('fuck Americans'), 'person');
    assert.equal(target('fuck Mondays'), undefined);
    assert.equal(target('screw you'), 'person');
  });
});
