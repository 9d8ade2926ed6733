import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { mapHttpError, mapStreamError, mapTransportError, parseUpstreamError } from './map-error.ts';
import { sanitizeUpstreamText } from './sanitize.ts';

function openAiError(message: string, code: string | null = null, type = 'invalid_request_error'): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

function map(status: number, bodyText: string, headers: Record<string, string> = {}) {
  return mapHttpError({ provider: 'p1', status, headers, bodyText, secrets: ['sk-the-real-key-123'] });
}

describe('mapHttpError', () => {
  it('maps 429 with Retry-After to upstream_rate_limited', () => {
    const err = map(429, openAiError('Rate limit reached', 'rate_limit_exceeded'), { 'retry-after': '3' });
    assert.equal(err.code, 'upstream_rate_limited');
    assert.equal(err.status, 429);
    assert.equal(err.retryable, true);
    assert.equal(err.retryAfterMs, 3000);
    assert.equal(err.upstreamStatus, 429);
    assert.match(err.message, /Rate limit reached/);
  });

  it('maps 5xx to a retryable upstream_error 502 keeping the real status', () => {
    for (const status of [500, 503, 504]) {
      const err = map(status, 'oops');
      assert.equal(err.code, 'upstream_error');
      assert.equal(err.status, 502);
      assert.equal(err.upstreamStatus, status);
      assert.equal(err.retryable, true);
    }
  });

  it('maps 408 to upstream_timeout', () => {
    assert.equal(map(408, '').code, 'upstream_timeout');
  });

  it('detects context window errors by code or message', () => {
    const byCode = map(400, openAiError('too long', 'context_length_exceeded'));
    assert.equal(byCode.code, 'context_window_exceeded');
    assert.equal(byCode.retryable, false);
    const byMessage = map(
      400,
      JSON.stringify({ object: 'error', message: "This model's maximum context length is 4096 tokens" }),
    );
    assert.equal(byMessage.code, 'context_window_exceeded');
  });

  it('detects content filter errors', () => {
    assert.equal(map(400, openAiError('filtered', 'content_filter')).code, 'content_filter');
    assert.equal(map(400, openAiError('nope', 'content_policy_violation')).code, 'content_filter');
    const azure = JSON.stringify({
      error: { message: 'x', innererror: { code: 'ResponsibleAIPolicyViolation' } },
    });
    assert.equal(map(400, azure).code, 'content_filter');
  });

  it('maps other 4xx to invalid_request with the upstream status, not retryable', () => {
    const err = map(404, openAiError('The model `gpt-9` does not exist', 'model_not_found'));
    assert.equal(err.code, 'invalid_request');
    assert.equal(err.status, 404);
    assert.equal(err.retryable, false);
    assert.match(err.message, /gpt-9/);
    const unprocessable = map(422, openAiError('bad field'));
    assert.equal(unprocessable.status, 422);
  });

  it('maps 401/403 to upstream_error 502 without echoing the key', () => {
    for (const status of [401, 403]) {
      const err = map(
        status,
        openAiError('Incorrect API key provided: sk-the-real-key-123.', 'invalid_api_key'),
      );
      assert.equal(err.code, 'upstream_error');
      assert.equal(err.status, 502);
      assert.equal(err.upstreamStatus, status);
      assert.equal(err.retryable, false);
      assert.match(err.message, /rejected Keel's credentials/);
      assert.doesNotMatch(err.message, /sk-/);
    }
  });

  it('strips key-like strings and truncates long upstream messages', () => {
    const err = map(400, openAiError(`key sk-abcdefghijklmnop and sk-the-real-key-123 ${'z'.repeat(2000)}`));
    assert.doesNotMatch(err.message, /sk-abc|real-key/);
    assert.ok(err.message.length < 600, `message length ${err.message.length}`);
  });
});

describe('parseUpstreamError', () => {
  it('reads the dialects providers use', () => {
    assert.deepEqual(parseUpstreamError(openAiError('m', 'c')), {
      message: 'm',
      code: 'c',
      type: 'invalid_request_error',
      param: undefined,
    });
    assert.equal(
      parseUpstreamError('{"type":"error","error":{"type":"overloaded_error","message":"busy"}}').message,
      'busy',
    );
    assert.equal(parseUpstreamError('{"error":"plain"}').message, 'plain');
    assert.equal(parseUpstreamError('<html>bad gateway</html>').message, '<html>bad gateway</html>');
  });
});

describe('sanitizeUpstreamText', () => {
  it('removes the known secret, bearer tokens and hex keys', () => {
    const out = sanitizeUpstreamText(
      'a mysecretvalue b Bearer abc.def c 0123456789abcdef0123456789abcdef d',
      ['mysecretvalue'],
    );
    assert.equal(out, 'a [redacted] b [redacted] c [redacted] d');
  });
});

describe('mapTransportError', () => {
  it('maps connection failures to upstream_connection', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const err = mapTransportError(refused, { provider: 'p1' });
    assert.equal(err.code, 'upstream_connection');
    assert.equal(err.retryable, true);
    assert.match(err.message, /ECONNREFUSED/);
  });

  it('maps undici timeouts to upstream_timeout', () => {
    const timeout = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    assert.equal(mapTransportError(timeout, { provider: 'p1' }).code, 'upstream_timeout');
  });

  it('uses the abort reason: a KeelError as is, a TimeoutError as upstream_timeout', () => {
    const keel = new KeelError('upstream_timeout', 'attempt timed out after 5ms');
    const controller = new AbortController();
    controller.abort(keel);
    assert.equal(
      mapTransportError(new Error('aborted'), { provider: 'p1', signal: controller.signal }),
      keel,
    );
    const timedOut = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));
    assert.equal(
      mapTransportError(new Error('aborted'), { provider: 'p1', signal: timedOut }).code,
      'upstream_timeout',
    );
    const clientGone = AbortSignal.abort();
    const gone = mapTransportError(new Error('aborted'), { provider: 'p1', signal: clientGone });
    assert.equal(gone.code, 'upstream_connection');
    assert.equal(gone.retryable, false);
  });
});

describe('mapStreamError', () => {
  it('turns a transport failure mid-stream into upstream_stream_broken, keeping the cause', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = mapStreamError(reset, { provider: 'p1', signal: new AbortController().signal });
    assert.equal(err.code, 'upstream_stream_broken');
    assert.equal(err.message, 'Stream from provider p1 broke: Could not reach provider p1 (ECONNRESET)');
    assert.equal(err.cause, reset);
  });

  it('keeps a deadline that fired mid-stream as it is', () => {
    const keel = new KeelError('upstream_timeout', 'total timeout');
    const controller = new AbortController();
    controller.abort(keel);
    assert.equal(mapStreamError(new Error('aborted'), { provider: 'p1', signal: controller.signal }), keel);
    const gone = mapStreamError(new Error('aborted'), { provider: 'p1', signal: AbortSignal.abort() });
    assert.equal(gone.code, 'upstream_stream_broken');
  });
});
