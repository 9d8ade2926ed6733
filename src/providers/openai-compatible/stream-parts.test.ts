import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import type { StreamPart } from '../../spec/provider.ts';
import { openAiStreamParts, type StreamPartsOptions } from './stream-parts.ts';

const encoder = new TextEncoder();

async function* bytes(texts: string[], failWith?: Error): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield encoder.encode(text);
  if (failWith) throw failWith;
}

async function run(
  texts: string[],
  overrides: Partial<StreamPartsOptions> & { failWith?: Error } = {},
): Promise<{ parts: StreamPart[]; disposed: number }> {
  let disposed = 0;
  const options: StreamPartsOptions = {
    provider: 'p',
    signal: new AbortController().signal,
    secrets: [],
    dispose: () => {
      disposed++;
    },
    ...overrides,
  };
  const parts: StreamPart[] = [];
  for await (const part of openAiStreamParts(bytes(texts, overrides.failWith), options)) parts.push(part);
  return { parts, disposed };
}

describe('openAiStreamParts', () => {
  it('does not mistake content mentioning "error" or an error:null field for an error', async () => {
    const quoted = '{"choices":[{"index":0,"delta":{"content":"the \\"error\\": field"}}]}';
    const nullError = '{"error":null,"choices":[{"index":0,"delta":{"content":"x"}}]}';
    const { parts, disposed } = await run([`data: ${quoted}\n\ndata: ${nullError}\n\ndata: [DONE]\n\n`]);
    assert.deepEqual(parts, [
      { type: 'chunk', data: quoted },
      { type: 'chunk', data: nullError },
      { type: 'finish' },
    ]);
    assert.equal(disposed, 1);
  });

  it('finds usage despite whitespace and ignores "usage": null', async () => {
    const spaced = '{"choices": [], "usage" :\t{"prompt_tokens": 2, "completion_tokens": 1}}';
    const nulled = '{"choices":[{"index":0,"delta":{}}],"usage" : null}';
    const { parts } = await run([`data: ${nulled}\n\ndata: ${spaced}\n\ndata: [DONE]\n\n`]);
    assert.deepEqual(parts[0], { type: 'chunk', data: nulled });
    assert.deepEqual(parts[1], {
      type: 'chunk',
      data: spaced,
      usage: { promptTokens: 2, completionTokens: 1, totalTokens: 3 },
      usageOnly: true,
    });
  });

  it('treats an `event: error` as an error part and stops', async () => {
    const { parts } = await run(['event: error\ndata: {"message":"boom"}\n\ndata: {"choices":[]}\n\n']);
    assert.equal(parts.length, 1);
    assert.equal(parts[0]?.type, 'error');
  });

  it('ends with upstream_stream_broken at an event that is not a JSON object, skipping empty ones', async () => {
    const good = '{"choices":[{"index":0,"delta":{"content":"x"}}]}';
    const { parts } = await run([`data: ${good}\n\ndata:\n\ndata: {not json\n\ndata: ${good}\n\n`]);
    assert.equal(parts.length, 2);
    assert.deepEqual(parts[0], { type: 'chunk', data: good });
    const last = parts[1];
    assert.ok(last?.type === 'error' && last.error instanceof KeelError);
    assert.equal(last.error.code, 'upstream_stream_broken');
  });

  for (const bad of ['{"choices": nope}', '{"choices":[{"delta":{"content":"x"}}]', '{"a":1}{"b":2}']) {
    it(`ends with upstream_stream_broken at a malformed event whose ends look right: ${bad}`, async () => {
      const good = '{"choices":[{"index":0,"delta":{"content":"x"}}]}';
      const { parts, disposed } = await run([`data: ${good}\n\ndata: ${bad}\n\ndata: ${good}\n\n`]);
      assert.equal(parts.length, 2);
      assert.deepEqual(parts[0], { type: 'chunk', data: good });
      const last = parts[1];
      assert.ok(last?.type === 'error' && last.error instanceof KeelError);
      assert.equal(last.error.code, 'upstream_stream_broken');
      assert.match(last.error.message, /not a JSON object/);
      assert.equal(disposed, 1);
    });
  }

  it('passes valid chunks through as the same text, whatever their spacing', async () => {
    const spaced = ' { "choices" : [ { "index" : 0 , "delta" : { "content" : "a\\u00e9" } } ] } ';
    const { parts } = await run([`data:${spaced}\n\ndata: [DONE]\n\n`]);
    assert.deepEqual(parts, [{ type: 'chunk', data: spaced.trimStart() }, { type: 'finish' }]);
  });

  it('finds a top-level usage after a nested "usage": null', async () => {
    const data =
      '{"choices":[{"index":0,"delta":{"usage":null}}],"usage":{"prompt_tokens":2,"completion_tokens":1}}';
    const { parts } = await run([`data: ${data}\n\ndata: [DONE]\n\n`]);
    assert.deepEqual(parts[0], {
      type: 'chunk',
      data,
      usage: { promptTokens: 2, completionTokens: 1, totalTokens: 3 },
      usageOnly: false,
    });
  });

  it('ignores anything after [DONE]', async () => {
    const { parts } = await run(['data: [DONE]\n\ndata: {"late":true}\n\n']);
    assert.deepEqual(parts, [{ type: 'finish' }]);
  });

  it('turns a source error into upstream_stream_broken, or the KeelError that aborted it', async () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const broken = await run(['data: {"choices":[]}\n\n'], { failWith: reset });
    const error = broken.parts.at(-1);
    assert.ok(error?.type === 'error' && error.error instanceof KeelError);
    assert.equal(error.error.code, 'upstream_stream_broken');
    assert.equal(broken.disposed, 1);

    const deadline = new KeelError('upstream_timeout', 'total timeout');
    const timedOut = await run([], { failWith: new Error('aborted'), signal: AbortSignal.abort(deadline) });
    assert.deepEqual(timedOut.parts, [{ type: 'error', error: deadline }]);
  });

  it('disposes the source when the consumer stops early', async () => {
    let disposed = 0;
    const parts = openAiStreamParts(bytes(['data: {"a":1}\n\ndata: {"a":2}\n\n']), {
      provider: 'p',
      signal: new AbortController().signal,
      secrets: [],
      dispose: () => {
        disposed++;
      },
    });
    for await (const _part of parts) break;
    assert.equal(disposed, 1);
  });
});
