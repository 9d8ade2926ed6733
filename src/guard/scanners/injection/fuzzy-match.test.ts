import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, lookupWord } from './fuzzy-match.ts';

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    assert.equal(editDistance('ignore', 'ignore', 2), 0);
    assert.equal(editDistance('ignore', 'ignroe', 2), 1);
    assert.equal(editDistance('ignore', 'ignor', 2), 1);
    assert.equal(editDistance('kitten', 'sitting', 3), 3);
  });

  it('gives up past the limit', () => {
    assert.equal(editDistance('abcdefgh', 'zyxwvuts', 2), 3);
  });
});

describe('lookupWord', () => {
  it('matches typoglycemia variants of lexicon words', () => {
    assert.equal(lookupWord('ignroe')?.word, 'ignore');
    assert.equal(lookupWord('prevoius')?.word, 'previous');
    assert.equal(lookupWord('insturctions')?.word, 'instructions');
    assert.equal(lookupWord('dsiregard')?.word, 'disregard');
    assert.equal(lookupWord('anwiesungen')?.word, 'anweisungen');
  });

  it('matches German and other-language override words', () => {
    assert.ok(lookupWord('vergiss')?.classes.has('override'));
    assert.ok(lookupWord('ignoriere')?.classes.has('override'));
    assert.ok(lookupWord('anweisungen')?.classes.has('target'));
  });

  it('does not stretch short words or unrelated words onto the lexicon', () => {
    assert.equal(lookupWord('abode'), undefined);
    assert.equal(lookupWord('ignite'), undefined);
    assert.equal(lookupWord('review'), undefined);
    assert.equal(lookupWord('garden'), undefined);
  });
});
