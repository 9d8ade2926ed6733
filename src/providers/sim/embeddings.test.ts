import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTokens } from 'gpt-tokenizer';
import { simEmbeddings } from './embeddings.ts';

const dim = 32;

function norm(values: number[]): number {
  return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
}

function floats(data: { embedding: number[] | string }): number[] {
  assert.ok(Array.isArray(data.embedding));
  return data.embedding as number[];
}

describe('simEmbeddings', () => {
  it('returns one deterministic unit vector of embeddingDim per input, with usage', () => {
    const request = { model: 'sim-embed-1', input: ['alpha beta', 'gamma', 'alpha beta'] };
    const { body, usage } = simEmbeddings(request, { embeddingDim: dim });
    assert.equal(body.object, 'list');
    assert.equal(body.data.length, 3);
    for (const [i, data] of body.data.entries()) {
      assert.equal(data.index, i);
      assert.equal(floats(data).length, dim);
      assert.ok(Math.abs(norm(floats(data)) - 1) < 1e-9);
    }
    assert.deepEqual(body.data[0]?.embedding, body.data[2]?.embedding);
    assert.notDeepEqual(body.data[0]?.embedding, body.data[1]?.embedding);
    assert.deepEqual(simEmbeddings(request, { embeddingDim: dim }).body, body);
    const tokens = countTokens('alpha beta') * 2 + countTokens('gamma');
    assert.deepEqual(body.usage, { prompt_tokens: tokens, total_tokens: tokens });
    assert.equal(usage.promptTokens, tokens);
  });

  it('shortens to `dimensions` as the renormalised prefix, and rejects more than embeddingDim', () => {
    const full = floats(simEmbeddings({ model: 'm', input: 'x' }, { embeddingDim: dim }).body.data[0]!);
    const short = floats(
      simEmbeddings({ model: 'm', input: 'x', dimensions: 8 }, { embeddingDim: dim }).body.data[0]!,
    );
    assert.equal(short.length, 8);
    const scale = norm(full.slice(0, 8));
    for (const [i, v] of short.entries()) assert.ok(Math.abs(v - (full[i] as number) / scale) < 1e-12);
    assert.throws(() => simEmbeddings({ model: 'm', input: 'x', dimensions: 33 }, { embeddingDim: dim }), {
      code: 'invalid_request',
      param: 'dimensions',
    });
  });

  it('encodes base64 as little-endian float32', () => {
    const asFloat = floats(simEmbeddings({ model: 'm', input: 'x' }, { embeddingDim: dim }).body.data[0]!);
    const b64 = simEmbeddings({ model: 'm', input: 'x', encoding_format: 'base64' }, { embeddingDim: dim })
      .body.data[0]?.embedding;
    assert.equal(typeof b64, 'string');
    const bytes = Buffer.from(b64 as string, 'base64');
    assert.equal(bytes.length, dim * 4);
    for (let i = 0; i < dim; i++)
      assert.ok(Math.abs(bytes.readFloatLE(i * 4) - (asFloat[i] as number)) < 1e-6);
  });

  it('accepts token arrays and rejects empty or mixed input', () => {
    const { body } = simEmbeddings({ model: 'm', input: [[1, 2, 3], [4]] }, { embeddingDim: dim });
    assert.equal(body.data.length, 2);
    assert.equal(body.usage.prompt_tokens, 4);
    assert.equal(simEmbeddings({ model: 'm', input: [1, 2] }, { embeddingDim: dim }).body.data.length, 1);
    for (const input of [[], [1, 'a']]) {
      assert.throws(() => simEmbeddings({ model: 'm', input: input as string[] }, { embeddingDim: dim }), {
        param: 'input',
      });
    }
  });
});
