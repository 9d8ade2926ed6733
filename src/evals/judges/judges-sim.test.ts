import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { eventually, startTestKeel } from '../../../test/harness.ts';
import { simOptionsSchema } from '../../config/index.ts';
import type { RunningKeel } from '../../gateway/start.ts';
import { type SimServer, startSimServer } from '../../providers/sim/index.ts';
import type { JudgeModel, ScorerInput } from '../../spec/scorer.ts';
import { createScorer, type ScorerSpec } from '../scorers/registry.ts';
import { type GatewayJudgeModel, gatewayJudgeModel } from './gateway-judge-model.ts';
import { pairwiseJudge } from './pairwise.ts';

/*
 * Every judge type end to end: scorer → gatewayJudgeModel (undici HTTP) → a real Keel → an openai
 * provider → `keel sim`, whose answer is scripted with x-sim-reply. One provider per scripted reply;
 * a judge that asks several questions gets a sequence of models, one per call, in call order.
 */

const question = 'Where is the Eiffel Tower and how tall is it?';
const context = ['The Eiffel Tower is in Paris.', 'It is 330 metres tall.', 'Paris hosts many museums.'];

const SCRIPTS: Record<string, string[]> = {
  rubric: ['{"reason": "Correct and concise.", "score": 4}'],
  'rubric-retry': ['I liked it a lot!', 'Sure.\n```json\n{"reason": "fine", "score": 2}\n```'],
  'rubric-garbage': ['I liked it a lot!', 'Still no number, sorry.'],
  pairwise: ['{"reason": "A is clearer", "winner": "1"}', '{"reason": "A is clearer", "winner": "2"}'],
  'pairwise-biased': ['{"winner": "1"}', '{"winner": "1"}'],
  factuality: ['Both say Paris; the submission adds the height. Choice: (B)'],
  closedqa: ['{"reason": "It names a city.", "verdict": "Y"}'],
  faithfulness: [
    '{"claims": ["The Eiffel Tower is in Paris.", "The Eiffel Tower is 330 metres tall.", "The Eiffel Tower is blue."]}',
    '{"verdicts": [{"claim": 1, "verdict": "yes"}, {"claim": 2, "verdict": "yes"}, {"claim": 3, "verdict": "no"}]}',
  ],
  relevance: [JSON.stringify({ questions: [question, question], noncommittal: false })],
  precision: ['{"verdict": 0}', '{"verdict": 1}', '{"verdict": 0}'],
  recall: [
    '{"classifications": [{"statement": "It is in Paris.", "attributed": 1}, {"statement": "It opened in 1889.", "attributed": 0}]}',
  ],
  'context-relevance': ['{"sentences": ["The Eiffel Tower is in Paris.", "It is 330 metres tall."]}'],
  citation: ['{"reason": "stated", "supported": true}'],
};

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('judges through a real Keel and a scripted sim upstream', () => {
  let sim: SimServer;
  let keel: RunningKeel;
  const dispatcher = new Agent({ keepAliveTimeout: 1000 });
  const judges: GatewayJudgeModel[] = [];

  const judgeFor = (model: string, embeddingModel?: string) => {
    const j = gatewayJudgeModel({
      baseUrl: keel.url,
      model,
      dispatcher,
      ...(embeddingModel ? { embeddingModel } : {}),
    });
    judges.push(j);
    return j;
  };

  /** Call i goes to the model scripted with reply i of the scenario. */
  function sequenced(name: string, embeddingModel?: string): JudgeModel & { used: () => number } {
    const models = SCRIPTS[name]!.map((_, i) => judgeFor(`${name}-${i}`, embeddingModel));
    let calls = 0;
    const seq: JudgeModel & { used: () => number } = {
      complete: (messages, options) => {
        const model = models[calls++];
        if (!model) throw new Error(`scenario ${name}: unexpected call ${calls}`);
        return model.complete(messages, options);
      },
      used: () => calls,
    };
    if (models[0]?.embed) seq.embed = models[0].embed.bind(models[0]);
    return seq;
  }

  before(async () => {
    sim = await startSimServer({ port: 0, options: simOptionsSchema.parse({}) });
    const providers: Record<string, unknown> = { plain: { type: 'openai', baseUrl: `${sim.url}/v1` } };
    const models: Record<string, unknown> = {
      embed: { kind: 'embedding', deployments: [{ provider: 'plain', model: 'sim-embed-1' }] },
      fails: { retries: { maxRetries: 0 }, deployments: [{ provider: 'broken', model: 'm' }] },
    };
    providers.broken = { type: 'openai', baseUrl: `${sim.url}/v1`, headers: { 'x-sim-error-status': '500' } };
    for (const [name, replies] of Object.entries(SCRIPTS)) {
      replies.forEach((reply, i) => {
        providers[`${name}-${i}`] = {
          type: 'openai',
          baseUrl: `${sim.url}/v1`,
          headers: { 'x-sim-reply': b64(reply) },
        };
        models[`${name}-${i}`] = { deployments: [{ provider: `${name}-${i}`, model: 'judge' }] };
      });
    }
    keel = await startTestKeel({ providers, models } as Parameters<typeof startTestKeel>[0]);
  });

  after(async () => {
    for (const j of judges) await j.close();
    await dispatcher.close();
    await keel.close();
    await sim.close();
  });

  const score = (spec: ScorerSpec, model: JudgeModel, input: ScorerInput) =>
    createScorer(spec).score(input, { model });

  test('llm-rubric: clean verdict, retry after a malformed one, unparseable twice', async () => {
    const spec = { type: 'llm-rubric', rubric: 'Correct and concise', scale: { min: 1, max: 5 } };
    const input = { input: 'Capital of France?', output: 'Paris.' };
    const ok = await score(spec, sequenced('rubric'), input);
    assert.deepEqual([ok.score, ok.pass, ok.reason], [0.75, true, 'Correct and concise.']);
    const retried = sequenced('rubric-retry');
    const r = await score(spec, retried, input);
    assert.deepEqual([r.score, r.pass, retried.used()], [0.25, false, 2]);
    const garbage = await score(spec, sequenced('rubric-garbage'), input);
    assert.equal(garbage.pass, false);
    assert.match(garbage.reason, /unparseable/);
    assert.deepEqual(garbage.details?.judgeRaw, SCRIPTS['rubric-garbage']);
  });

  test('pairwise: consistent verdicts win; position bias is a tie', async () => {
    const base = { input: 'Explain DNS briefly', a: 'A clear answer', b: 'A rambling answer' };
    const win = await pairwiseJudge({ model: sequenced('pairwise'), ...base });
    assert.deepEqual([win.winner, win.consistent], ['A', true]);
    const biased = await pairwiseJudge({ model: sequenced('pairwise-biased'), ...base });
    assert.deepEqual([biased.winner, biased.consistent], ['tie', false]);
  });

  test('factuality and model-graded-closedqa', async () => {
    const f = await score({ type: 'factuality' }, sequenced('factuality'), {
      input: question,
      output: 'Paris; 330 m.',
      expected: 'It is in Paris.',
    });
    assert.deepEqual([f.pass, f.details?.choice], [true, 'B']);
    const qa = await score(
      { type: 'model-graded-closedqa', criteria: 'Names a city' },
      sequenced('closedqa'),
      {
        output: 'Paris',
      },
    );
    assert.deepEqual([qa.score, qa.pass], [1, true]);
  });

  test('faithfulness: claims then verdicts, 2 of 3 supported', async () => {
    const judge = sequenced('faithfulness');
    const r = await score({ type: 'faithfulness' }, judge, {
      input: question,
      output: 'Paris, 330 m, blue.',
      context,
    });
    assert.ok(Math.abs(r.score - 2 / 3) < 1e-9);
    assert.equal(judge.used(), 2);
  });

  test('answer-relevance with gateway embeddings: regenerating the question exactly gives cosine 1', async () => {
    const judge = sequenced('relevance', 'embed');
    const r = await score({ type: 'answer-relevance', questions: 2 }, judge, {
      input: question,
      output: 'Paris, 330 m.',
    });
    assert.equal(r.details?.method, 'embeddings');
    assert.ok(Math.abs(r.score - 1) < 1e-9, String(r.score));
  });

  test('similar through /v1/embeddings', async () => {
    const model = judgeFor('rubric-0', 'embed');
    const same = await score({ type: 'similar', value: 'the same words' }, model, {
      output: 'the same words',
    });
    assert.ok(Math.abs(same.score - 1) < 1e-9);
    const other = await score({ type: 'similar', value: 'a completely different sentence' }, model, {
      output: 'x',
    });
    assert.ok(other.score < 1);
  });

  test('context precision, recall and relevance', async () => {
    const p = await score({ type: 'context-precision' }, sequenced('precision'), {
      input: question,
      output: 'x',
      expected: 'It is 330 metres tall.',
      context,
    });
    // relevance 0,1,0 → precision@2 = 1/2 over 1 relevant chunk = 0.5
    assert.equal(p.score, 0.5);
    const r = await score({ type: 'context-recall' }, sequenced('recall'), {
      input: question,
      output: 'x',
      expected: 'It is in Paris. It opened in 1889.',
      context,
    });
    assert.equal(r.score, 0.5);
    const cr = await score({ type: 'context-relevance' }, sequenced('context-relevance'), {
      input: question,
      output: 'x',
      context,
    });
    assert.ok(Math.abs(cr.score - 2 / 3) < 1e-9);
  });

  test('citation accuracy: one supported citation, one to a missing source', async () => {
    const r = await score({ type: 'citation-accuracy' }, sequenced('citation'), {
      output: 'It is in Paris [1]. It is made of cheese [7].',
      context,
    });
    assert.equal(r.score, 0.5);
    assert.equal(r.pass, false);
  });

  test('gateway errors keep their Keel codes; every judge call is tagged eval-judge', async () => {
    await assert.rejects(
      judgeFor('no-such-model').complete([{ role: 'user', content: 'x' }]),
      (err: unknown) => {
        assert.equal((err as { code?: string }).code, 'model_not_found');
        return true;
      },
    );
    await assert.rejects(judgeFor('fails').complete([{ role: 'user', content: 'x' }]), {
      code: 'upstream_error',
    });
    const unreachable = gatewayJudgeModel({ baseUrl: 'http://127.0.0.1:9', model: 'm', timeoutMs: 2000 });
    await assert.rejects(unreachable.complete([{ role: 'user', content: 'x' }]), {
      code: 'upstream_connection',
    });
    await unreachable.close();
    await eventually(async () => {
      const records = await keel.store.requests.list({ limit: 500 });
      return records.filter((r) => r.feature === 'eval-judge').length > 10;
    });
  });
});
