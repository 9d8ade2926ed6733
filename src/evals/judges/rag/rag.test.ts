import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScorerInput } from '../../../spec/scorer.ts';
import { createScorer, type ScorerSpec } from '../../scorers/registry.ts';
import { scriptedJudge, userText } from '../scripted-judge.ts';
import { findCitations, resolveCitation } from './citations.ts';
import { averagePrecision } from './context-precision.ts';
import { splitSentences } from './sentences.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≉ ${b}`);
const run = (spec: ScorerSpec, judge: ReturnType<typeof scriptedJudge>, input: ScorerInput) =>
  createScorer(spec).score(input, { model: judge });

const question = 'Where is the Eiffel Tower and how tall is it?';
const context = ['The Eiffel Tower is in Paris.', 'It is 330 metres tall.', 'Paris hosts many museums.'];

describe('faithfulness (Ragas)', () => {
  const input = {
    input: { question },
    output: 'It is in Paris, is 330 m tall and was built in 1850.',
    context,
  };
  test('3 claims, 2 supported → 2/3', async () => {
    const judge = scriptedJudge([
      '{"claims": ["The Eiffel Tower is in Paris.", "The Eiffel Tower is 330 m tall.", "The Eiffel Tower was built in 1850."]}',
      '{"verdicts": [{"claim": 1, "verdict": "yes"}, {"claim": 2, "verdict": "yes"}, {"claim": 3, "reason": "not stated", "verdict": "no"}]}',
    ]);
    const r = await run({ type: 'faithfulness', threshold: 0.6 }, judge, input);
    close(r.score, 2 / 3);
    assert.equal(r.pass, true);
    assert.deepEqual(r.details?.unsupported, ['The Eiffel Tower was built in 1850.']);
    assert.match(userText(judge.calls[1]!), /\[1\] The Eiffel Tower is in Paris\./);
    assert.match(userText(judge.calls[1]!), /3\. The Eiffel Tower was built in 1850\./);
  });
  test('too few verdicts is retried; verdicts without numbers count in order', async () => {
    const judge = scriptedJudge([
      '{"claims": ["a", "b"]}',
      '{"verdicts": [{"verdict": "yes"}]}',
      '```json\n{"verdicts": [{"verdict": "no"}, {"verdict": "yes"}]}\n```',
    ]);
    const r = await run({ type: 'faithfulness' }, judge, input);
    close(r.score, 0.5);
    assert.equal(judge.calls.length, 3);
  });
  test('no claims → undefined (invalid fail); no context → invalid without a judge call', async () => {
    const none = await run({ type: 'faithfulness' }, scriptedJudge(['{"claims": []}']), input);
    assert.equal(none.pass, false);
    assert.equal(none.details?.undefined, true);
    const judge = scriptedJudge([]);
    const noCtx = await run({ type: 'faithfulness' }, judge, { output: 'x' });
    assert.match(noCtx.reason, /no retrieved context/);
    assert.equal(judge.calls.length, 0);
  });
});

describe('answer relevance (Ragas)', () => {
  // Embeddings: the original question → (1, 0); generated questions chosen so cosines are 1 and 0.6
  // → mean 0.8.
  const vectors: Record<string, number[]> = {
    [question]: [1, 0],
    'Where is the Eiffel Tower?': [1, 0],
    'How tall is it?': [0.6, 0.8],
  };
  const embed = async (texts: string[]) => texts.map((t) => vectors[t] ?? [0, 1]);
  const input = { input: question, output: 'In Paris; 330 m.' };

  test('mean cosine of generated questions to the question', async () => {
    const judge = scriptedJudge(
      ['{"questions": ["Where is the Eiffel Tower?", "How tall is it?"], "noncommittal": false}'],
      embed,
    );
    const r = await run({ type: 'answer-relevance', questions: 2 }, judge, input);
    close(r.score, 0.8);
    assert.equal(r.details?.method, 'embeddings');
    assert.deepEqual(r.details?.cosines, [1, 0.6]);
  });
  test('a noncommittal answer scores 0', async () => {
    const judge = scriptedJudge(['{"questions": ["Where is the Eiffel Tower?"], "noncommittal": 1}'], embed);
    const r = await run({ type: 'answer-relevance' }, judge, { input: question, output: "I don't know." });
    assert.deepEqual([r.score, r.pass], [0, false]);
  });
  test('no embed(): falls back to a judge grade and says so in details', async () => {
    const judge = scriptedJudge(['{"reason": "on topic", "score": 0.9}']);
    const r = await run({ type: 'answer-relevance' }, judge, input);
    close(r.score, 0.9);
    assert.equal(r.details?.method, 'judge');
    assert.match(String(r.details?.note), /no embedding model/);
  });
});

describe('context precision (Ragas average precision)', () => {
  test('hand-worked: relevance 0,0,1,1,0 → (1/3 + 2/4) / 2 = 0.4167', () => {
    close(averagePrecision([false, false, true, true, false]), (1 / 3 + 2 / 4) / 2);
    close(averagePrecision([true, true, false]), 1);
    assert.equal(averagePrecision([false, false]), 0);
  });
  test('one verdict per chunk, judged against the reference when there is one', async () => {
    const chunks = ['c1 noise', 'c2 noise', 'c3 tower in Paris', 'c4 330 metres', 'c5 museums'];
    const judge = scriptedJudge((messages) => {
      const chunk = /<chunk>\n(.*)\n<\/chunk>/.exec(userText(messages))?.[1] ?? '';
      return JSON.stringify({
        reason: 'r',
        verdict: chunk.startsWith('c3') || chunk.startsWith('c4') ? 1 : 0,
      });
    });
    const r = await run({ type: 'context-precision' }, judge, {
      input: question,
      output: 'whatever',
      expected: 'In Paris, 330 m tall.',
      context: chunks,
    });
    close(r.score, (1 / 3 + 2 / 4) / 2);
    assert.equal(r.details?.variant, 'with-reference');
    assert.equal(judge.calls.length, 5);
    assert.match(userText(judge.calls[0]!), /<answer>\nIn Paris, 330 m tall.\n<\/answer>/);
  });
  test('one chunk unreadable after retry → the whole score is invalid', async () => {
    const judge = scriptedJudge((messages) =>
      userText(messages).includes('bad chunk') ? 'dunno' : '{"verdict": 1}',
    );
    const r = await run({ type: 'context-precision' }, judge, {
      input: 'q',
      output: 'a',
      context: ['good', 'bad chunk'],
    });
    assert.equal(r.details?.invalid, true);
    assert.equal(r.details?.chunk, 2);
  });
});

describe('context recall (Ragas)', () => {
  test('2 of 3 reference statements attributable → 0.667', async () => {
    const judge = scriptedJudge([
      JSON.stringify({
        classifications: [
          { statement: 'The tower is in Paris.', attributed: 1 },
          { statement: 'It is 330 m tall.', attributed: '1' },
          { statement: 'It opened in 1889.', attributed: 0 },
        ],
      }),
    ]);
    const r = await run(
      { type: 'context-recall', value: 'The tower is in Paris. It is 330 m tall. It opened in 1889.' },
      judge,
      {
        input: question,
        output: 'x',
        context,
      },
    );
    close(r.score, 2 / 3);
    assert.match(userText(judge.calls[0]!), /<reference_answer>\nThe tower is in Paris\./);
  });
  test('needs a reference', async () => {
    const r = await run({ type: 'context-recall' }, scriptedJudge([]), { output: 'x', context });
    assert.match(r.reason, /no reference/);
  });
});

describe('context relevance (promptfoo)', () => {
  test("promptfoo's example: 1 of 3 sentences required → 0.333; invented sentences do not count", async () => {
    const ctx = ['Paris is the capital. France has great wine. The Eiffel Tower is in Paris.'];
    const judge = scriptedJudge(['{"sentences": ["Paris is the capital.", "Paris is a lovely city."]}']);
    const r = await run({ type: 'context-relevance' }, judge, {
      input: 'What is the capital of France?',
      output: 'Paris',
      context: ctx,
    });
    close(r.score, 1 / 3);
    assert.deepEqual(r.details?.unmatched, ['Paris is a lovely city.']);
  });
});

describe('citation accuracy', () => {
  const ctx = [
    'Paris is the capital of France.',
    'The Eiffel Tower is 330 metres tall.',
    '[doc-7] It opened in 1889.',
  ];
  test('finding and resolving citations', () => {
    const found = findCitations(
      'Paris is the capital [1]. It is tall [2, doc-7]. See [the docs](http://x).',
      10,
    );
    assert.deepEqual(
      found.map((c) => c.ref),
      ['1', '2', 'doc-7'],
    );
    assert.equal(resolveCitation('doc-7', ctx), 2);
    assert.equal(resolveCitation('2', ctx), 1);
    assert.equal(resolveCitation('9', ctx), undefined);
    assert.deepEqual(splitSentences('One [1]. Two! Three?\nFour'), ['One [1].', 'Two!', 'Three?', 'Four']);
  });
  test('supported, unsupported and missing sources: 1 of 3 accurate', async () => {
    const judge = scriptedJudge((messages) => {
      const source = /<source>\n(.*)\n<\/source>/.exec(userText(messages))?.[1] ?? '';
      return JSON.stringify({ reason: 'r', supported: source.startsWith('Paris') });
    });
    const answer =
      'Paris is the capital of France [1]. The tower is 500 metres tall [2]. It was painted red [9].';
    const r = await run({ type: 'citation-accuracy' }, judge, { output: answer, context: ctx });
    close(r.score, 1 / 3);
    assert.equal(r.pass, false);
    assert.match(r.reason, /1 of 3 citations accurate \(1 cite a source not in the context\)/);
    assert.equal(judge.calls.length, 2, 'no judge call for a missing source');
  });
  test('no citations: fails by default, passes vacuously when not required', async () => {
    const input = { output: 'Paris.', context: ctx };
    assert.equal((await run({ type: 'citation-accuracy' }, scriptedJudge([]), input)).pass, false);
    assert.equal(
      (await run({ type: 'citation-accuracy', requireCitations: false }, scriptedJudge([]), input)).pass,
      true,
    );
  });
});
