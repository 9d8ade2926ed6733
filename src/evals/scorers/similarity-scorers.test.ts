import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JudgeModel, ScoreResult, ScorerInput } from '../../spec/scorer.ts';
import { sentenceBleu } from './bleu.ts';
import { levenshteinDistance } from './levenshtein.ts';
import { createScorer, type ScorerSpec } from './registry.ts';
import { lcsLength, rougeL, rougeN } from './rouge.ts';
import { cosineSimilarity } from './similar.ts';
import { tokenize } from './tokenize.ts';

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < eps, `${actual} ≉ ${expected}`);

async function score(
  spec: ScorerSpec,
  input: Partial<ScorerInput> & { output: string },
  model?: JudgeModel,
): Promise<ScoreResult> {
  return createScorer(spec).score(input, model ? { model } : {});
}

describe('tokenisation', () => {
  test('lower-cased runs of letters/digits; punctuation dropped; non-Latin kept', () => {
    assert.deepEqual(tokenize("The cat's 2 hats, naïve — Ünïcode!"), [
      'the',
      'cat',
      's',
      '2',
      'hats',
      'naïve',
      'ünïcode',
    ]);
    assert.deepEqual(tokenize('東京 は 大きい'), ['東京', 'は', '大きい']);
  });
});

describe('levenshtein', () => {
  test('kitten → sitting: 3 edits (k→s, e→i, +g); similarity 1 − 3/7 = 0.5714', async () => {
    assert.equal(levenshteinDistance('kitten', 'sitting'), 3);
    const r = await score({ type: 'levenshtein', value: 'sitting', threshold: 0.5 }, { output: 'kitten' });
    close(r.score, 1 - 3 / 7);
    assert.equal(r.pass, true);
    assert.equal(r.details?.distance, 3);
  });
  test('maxDistance (promptfoo style) decides pass when set', async () => {
    assert.equal(
      (await score({ type: 'levenshtein', value: 'sitting', maxDistance: 2 }, { output: 'kitten' })).pass,
      false,
    );
    assert.equal(
      (await score({ type: 'levenshtein', value: 'sitting', maxDistance: 3 }, { output: 'kitten' })).pass,
      true,
    );
  });
  test('code points, not UTF-16 units; empty strings are identical', () => {
    assert.equal(levenshteinDistance('😀a', '😃a'), 1);
    assert.equal(levenshteinDistance('', 'abc'), 3);
  });
  test('two empty strings score 1', async () => {
    assert.equal((await score({ type: 'levenshtein', value: '' }, { output: '' })).score, 1);
  });
});

describe('ROUGE (Lin 2004)', () => {
  // candidate: the cat sat on the mat      reference: the cat is on the mat
  // unigrams: cand {the:2,cat,sat,on,mat}=6, ref {the:2,cat,is,on,mat}=6; clipped overlap =
  //   the 2 + cat 1 + on 1 + mat 1 = 5 → P = R = F1 = 5/6 = 0.8333
  // bigrams: cand {the cat, cat sat, sat on, on the, the mat}, ref {the cat, cat is, is on, on the,
  //   the mat}; overlap = the cat, on the, the mat = 3 of 5 → P = R = F1 = 0.6
  const cand = 'the cat sat on the mat';
  const ref = 'The cat is on the mat.';
  test('ROUGE-1 and ROUGE-2', () => {
    close(rougeN(cand, ref, 1).f, 5 / 6);
    close(rougeN(cand, ref, 2).f, 0.6);
  });
  test('ROUGE-L on the paper\'s example: "police killed the gunman" vs S2 / S3', () => {
    // S2 "police kill the gunman": LCS = police the gunman = 3 → R = P = 3/4 = 0.75
    // S3 "the gunman kill police": LCS = the gunman = 2 → 2/4 = 0.5
    close(rougeL('police kill the gunman', 'police killed the gunman').f, 0.75);
    close(rougeL('the gunman kill police', 'police killed the gunman').f, 0.5);
  });
  test('ROUGE-L with unequal lengths and β', () => {
    // cand "the cat sat" (3), ref "the cat sat on the mat" (6): LCS 3 → P = 1, R = 0.5
    // F1 = 2·1·0.5/(1+0.5) = 0.6667;  F(β=2) = 5·1·0.5/(0.5 + 4·1) = 2.5/4.5 = 0.5556
    const prf = rougeL('the cat sat', 'the cat sat on the mat');
    close(prf.precision, 1);
    close(prf.recall, 0.5);
    close(prf.f, 2 / 3);
    close(rougeL('the cat sat', 'the cat sat on the mat', 2).f, 2.5 / 4.5);
    assert.equal(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b']), 3);
  });
  test('scorers: measure choice, threshold, best of several references', async () => {
    const r = await score({ type: 'rouge-n', n: 2, value: ref, threshold: 0.6 }, { output: cand });
    close(r.score, 0.6);
    assert.equal(r.pass, true, '0.6 meets a 0.6 threshold despite float noise');
    const recall = await score(
      { type: 'rouge-l', measure: 'recall' },
      { output: 'the cat sat', expected: 'the cat sat on the mat' },
    );
    close(recall.score, 0.5);
    const multi = await score(
      { type: 'rouge-l', value: ['unrelated words here', 'the cat sat'] },
      { output: 'the cat sat' },
    );
    close(multi.score, 1);
  });
});

describe('BLEU (sentence, smoothed)', () => {
  // cand "the cat sat on the mat" vs ref "the cat is on the mat" (both 6 tokens → BP = 1)
  //   p1 = 5/6, p2 = 3/5, p3 = 1/4 (only "on the mat"), p4 = 0/3
  //   method1: p4 → 0.1/3;  BLEU = (5/6 · 3/5 · 1/4 · 0.1/3)^(1/4) = 0.254066
  //   add-one (Lin & Och, n ≥ 2): p2 = 4/6, p3 = 2/5, p4 = 1/4;  BLEU = (5/6 · 4/6 · 2/5 · 1/4)^(1/4) = 0.485492
  //   none: p4 = 0 → BLEU = 0
  test('method1, add-one and unsmoothed on the same pair', () => {
    const ref = ['the cat is on the mat'];
    close(sentenceBleu('the cat sat on the mat', ref).bleu, 0.25406637407730737);
    close(sentenceBleu('the cat sat on the mat', ref, { smoothing: 'add-one' }).bleu, 0.48549177170732344);
    assert.equal(sentenceBleu('the cat sat on the mat', ref, { smoothing: 'none' }).bleu, 0);
  });
  test('brevity penalty: "the cat" vs a 6-token reference', () => {
    // c = 2, r = 6 → BP = exp(1 − 6/2) = e^−2; p1 = p2 = 1; p3, p4 have no n-grams → 0.1/1 each
    // BLEU = e^−2 · (1 · 1 · 0.1 · 0.1)^(1/4) = 0.042797
    const b = sentenceBleu('the cat', ['the cat is on the mat']);
    close(b.brevityPenalty, Math.exp(-2));
    close(b.bleu, 0.042796774281170055);
  });
  test('identical text scores 1; no shared word scores 0', () => {
    close(sentenceBleu('a b c d e', ['a b c d e']).bleu, 1);
    assert.equal(sentenceBleu('x y z', ['a b c']).bleu, 0);
  });
  test('scorer uses the item expected output and the threshold', async () => {
    const r = await score(
      { type: 'bleu', threshold: 0.25 },
      { output: 'the cat sat on the mat', expected: 'the cat is on the mat' },
    );
    assert.equal(r.pass, true);
    assert.equal(r.details?.brevityPenalty, 1);
  });
});

describe('latency and cost', () => {
  test('≤ threshold passes; missing measurement fails as invalid', async () => {
    assert.equal(
      (await score({ type: 'latency', threshold: 500 }, { output: '', latencyMs: 500 })).pass,
      true,
    );
    assert.equal(
      (await score({ type: 'latency', threshold: 500 }, { output: '', latencyMs: 501 })).pass,
      false,
    );
    assert.equal((await score({ type: 'latency', threshold: 500 }, { output: '' })).details?.invalid, true);
    assert.equal((await score({ type: 'cost', threshold: 0.01 }, { output: '', costUsd: 0.002 })).pass, true);
    assert.equal((await score({ type: 'cost', threshold: 0.01 }, { output: '', costUsd: 0.02 })).pass, false);
    assert.throws(() => createScorer({ type: 'latency' }), /threshold/);
  });
});

describe('similar (embedding cosine)', () => {
  // Fixed vectors: output → (1, 0), reference → (0.6, 0.8): cosine = 0.6
  const model: JudgeModel = {
    complete: async () => '',
    embed: async (texts) => texts.map((t) => (t === 'out' ? [1, 0] : [0.6, 0.8])),
  };
  test('cosine maths', () => {
    close(cosineSimilarity([1, 0], [0.6, 0.8]), 0.6);
    close(cosineSimilarity([1, 2, 3], [2, 4, 6]), 1);
    close(cosineSimilarity([1, 0], [-1, 0]), -1);
    assert.equal(cosineSimilarity([0, 0], [1, 1]), 0);
  });
  test('score is the cosine; threshold decides', async () => {
    const r = await score({ type: 'similar', value: 'ref', threshold: 0.6 }, { output: 'out' }, model);
    close(r.score, 0.6);
    assert.equal(r.pass, true);
    assert.equal((await score({ type: 'similar', value: 'ref' }, { output: 'out' }, model)).pass, false);
  });
  test('without a model or without embed() it is a wiring error', async () => {
    await assert.rejects(score({ type: 'similar', value: 'ref' }, { output: 'out' }), /judge model/);
    await assert.rejects(
      score({ type: 'similar', value: 'ref' }, { output: 'out' }, { complete: async () => '' }),
      /embed/,
    );
  });
});
