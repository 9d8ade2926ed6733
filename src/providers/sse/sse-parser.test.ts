import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../util/index.ts';
import { encodeSseComment, encodeSseEvent, SSE_DONE } from './sse-encoder.ts';
import { parseSse, type SseEvent, SseParser } from './sse-parser.ts';

const encoder = new TextEncoder();

function parseChunks(chunks: Array<Uint8Array | string>): SseEvent[] {
  const parser = new SseParser();
  const out: SseEvent[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  parser.end();
  return out;
}

function parseText(text: string): SseEvent[] {
  return parseChunks([encoder.encode(text)]);
}

function ev(data: string, event?: string, id?: string): SseEvent {
  return { event, data, id };
}

const TRICKY_STREAM = [
  '\uFEFF: keep-alive comment\r\n',
  'event: message_start\r\n',
  'data: {"text":"héllo 世界 🎉"}\r\n\r\n',
  'data: line one\n',
  'data:line two\n',
  'data:  two spaces\n\n',
  'id: 7\r',
  'data: cr only é\r\r',
  ': comment between\n',
  'retry: 1000\n',
  'unknown: field\n',
  'data\n\n',
  'event: ping\n\n',
  'data: {"usage":{"prompt_tokens":3}}\n\n',
  'data: [DONE]\n\n',
  'data: incomplete tail',
].join('');

const TRICKY_EXPECTED: SseEvent[] = [
  ev('{"text":"héllo 世界 🎉"}', 'message_start'),
  ev('line one\nline two\n two spaces'),
  ev('cr only é', undefined, '7'),
  ev('', undefined, '7'),
  ev('{"usage":{"prompt_tokens":3}}', undefined, '7'),
  ev('[DONE]', undefined, '7'),
];

describe('SseParser', () => {
  it('parses data, event and id fields, comments and multi-line data', () => {
    assert.deepEqual(parseText(TRICKY_STREAM), TRICKY_EXPECTED);
  });

  it('treats LF, CRLF and CR line ends alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = `event: a${eol}data: 1${eol}data: 2${eol}${eol}data: 3${eol}${eol}`;
      assert.deepEqual(parseText(text), [ev('1\n2', 'a'), ev('3')], JSON.stringify(eol));
    }
  });

  it('does not dispatch an event that has no data lines, and resets its type', () => {
    assert.deepEqual(parseText('event: x\n\ndata: y\n\n'), [ev('y')]);
  });

  it('discards an event that the stream ends in the middle of', () => {
    assert.deepEqual(parseText('data: a\n\ndata: b\n'), [ev('a')]);
    assert.deepEqual(parseText('data: a\n\ndata: b'), [ev('a')]);
  });

  it('gives identical events for the same bytes split at every offset (two chunks)', () => {
    const bytes = encoder.encode(TRICKY_STREAM);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const events = parseChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
      assert.deepEqual(events, TRICKY_EXPECTED, `split at byte ${cut}`);
    }
  });

  it('gives identical events for the same bytes split at every pair of offsets (three chunks)', () => {
    const bytes = encoder.encode('data: é🎉\r\n\r\ndata: a\rdata: b\r\r');
    const expected = [ev('é🎉'), ev('a\nb')];
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b++) {
        const chunks = [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)];
        assert.deepEqual(parseChunks(chunks), expected, `split at ${a},${b}`);
      }
    }
  });

  it('survives random chunkings, including one byte at a time', () => {
    const bytes = encoder.encode(TRICKY_STREAM);
    const oneByOne = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(parseChunks(oneByOne), TRICKY_EXPECTED);
    const random = createRng(42); // seeded, so a failing split is reproducible
    for (let round = 0; round < 300; round++) {
      const chunks: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.length) {
        const size = 1 + Math.floor(random() * 12);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      assert.deepEqual(parseChunks(chunks), TRICKY_EXPECTED, `round ${round}`);
    }
  });

  it('accepts string chunks and empty chunks', () => {
    assert.deepEqual(parseChunks(['da', '', 'ta: x\r', '', '\n\r\n']), [ev('x')]);
  });

  it('keeps a CR at a chunk end from splitting a CRLF into two line ends', () => {
    // Two lines of one event: if the LF after a chunk-final CR counted as a blank line,
    // this would become two events.
    assert.deepEqual(parseChunks(['data: a\r', '\ndata: b\r\n\r\n']), [ev('a\nb')]);
  });

  it('handles a long data line split across many chunks', () => {
    const payload = 'x'.repeat(200_000);
    const bytes = encoder.encode(`data: ${payload}\n\n`);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 4096) chunks.push(bytes.subarray(at, at + 4096));
    assert.deepEqual(parseChunks(chunks), [ev(payload)]);
  });

  it('parses an async byte stream with parseSse', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: {"a"');
      yield encoder.encode(':1}\n\nda');
      yield encoder.encode('ta: [DONE]\n\n');
    }
    const events: SseEvent[] = [];
    for await (const event of parseSse(source())) events.push(event);
    assert.deepEqual(events, [ev('{"a":1}'), ev('[DONE]')]);
  });
});

describe('SSE encoder', () => {
  it('round-trips events through the parser, including multi-line data', () => {
    const inputs = [
      { data: '{"a":1}' },
      { data: 'two\nlines', event: 'x' },
      { data: 'crlf\r\nand\rcr', id: '9' },
      { data: '' },
    ];
    const text =
      inputs.map((input) => encodeSseEvent(input)).join('') + encodeSseComment('ping\nme') + SSE_DONE;
    assert.deepEqual(parseText(text), [
      ev('{"a":1}'),
      ev('two\nlines', 'x'),
      ev('crlf\nand\ncr', undefined, '9'),
      ev('', undefined, '9'),
      ev('[DONE]', undefined, '9'),
    ]);
    assert.equal(encodeSseEvent({ data: '{"a":1}' }), 'data: {"a":1}\n\n');
  });
});
