import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { anthropicErrorType, anthropicHttpError, anthropicStreamError, toAnthropicError } from './errors.ts';

function body(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message } });
}

describe('toAnthropicError', () => {
  it('maps Keel errors to Anthropic error types', () => {
    const cases: Array<[KeelError, string]> = [
      [new KeelError('invalid_request', 'x'), 'invalid_request_error'],
      [new KeelError('context_window_exceeded', 'x'), 'invalid_request_error'],
      [new KeelError('unauthorized', 'x'), 'authentication_error'],
      [new KeelError('forbidden', 'x'), 'permission_error'],
      [new KeelError('model_not_found', 'x'), 'not_found_error'],
      [new KeelError('rate_limited', 'x'), 'rate_limit_error'],
      [new KeelError('budget_exceeded', 'x'), 'rate_limit_error'],
      [new KeelError('body_too_large', 'x'), 'request_too_large'],
      [new KeelError('upstream_timeout', 'x'), 'timeout_error'],
      [new KeelError('upstream_error', 'x'), 'api_error'],
      [new KeelError('internal_error', 'x'), 'api_error'],
      [new KeelError('circuit_open', 'x'), 'overloaded_error'],
      [new KeelError('upstream_error', 'x', { status: 529 }), 'overloaded_error'],
    ];
    for (const [err, type] of cases) assert.equal(anthropicErrorType(err), type, err.code);
  });

  it('renders the Anthropic body with the status, hiding non-Keel errors', () => {
    assert.deepEqual(toAnthropicError(new KeelError('not_found', 'No such thing')), {
      status: 404,
      body: { type: 'error', error: { type: 'not_found_error', message: 'No such thing' } },
    });
    assert.deepEqual(toAnthropicError(new TypeError('x is undefined at /secret/path')), {
      status: 500,
      body: { type: 'error', error: { type: 'api_error', message: 'Internal error' } },
    });
  });
});

describe('anthropicHttpError', () => {
  const input = (status: number, text: string, headers: Record<string, string> = {}) => ({
    provider: 'anth',
    status,
    headers,
    bodyText: text,
    secrets: ['sk-ant-secret-value'],
  });

  it('maps 429 with retry-after to upstream_rate_limited', () => {
    const err = anthropicHttpError(input(429, body('rate_limit_error', 'slow down'), { 'retry-after': '7' }));
    assert.equal(err.code, 'upstream_rate_limited');
    assert.equal(err.retryAfterMs, 7000);
    assert.equal(err.retryable, true);
    assert.equal(err.upstreamStatus, 429);
  });

  it('maps 529 overloaded to a retryable 503 and 5xx to upstream_error', () => {
    const overloaded = anthropicHttpError(input(529, body('overloaded_error', 'Overloaded')));
    assert.equal(overloaded.code, 'upstream_error');
    assert.equal(overloaded.status, 503);
    assert.equal(overloaded.retryable, true);
    assert.equal(overloaded.upstreamStatus, 529);
    assert.equal(anthropicErrorType(overloaded), 'overloaded_error');
    const server = anthropicHttpError(input(500, body('api_error', 'boom')));
    assert.equal(server.code, 'upstream_error');
    assert.equal(server.retryable, true);
  });

  it('maps "prompt is too long" to context_window_exceeded and other 400s to invalid_request', () => {
    const long = anthropicHttpError(
      input(400, body('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum')),
    );
    assert.equal(long.code, 'context_window_exceeded');
    assert.equal(long.retryable, false);
    const bad = anthropicHttpError(
      input(400, body('invalid_request_error', 'messages: roles must alternate')),
    );
    assert.equal(bad.code, 'invalid_request');
    assert.equal(bad.status, 400);
    assert.match(bad.message, /roles must alternate/);
  });

  it("never reports a credential failure as the client's and never echoes the key", () => {
    const err = anthropicHttpError(
      input(401, body('authentication_error', 'invalid x-api-key sk-ant-secret-value')),
    );
    assert.equal(err.code, 'upstream_error');
    assert.equal(err.retryable, false);
    assert.doesNotMatch(err.message, /sk-ant-secret-value/);
  });
});

describe('anthropicStreamError', () => {
  it('maps error event types', () => {
    const of = (type: string, message = 'm') =>
      anthropicStreamError(body(type, message), { provider: 'anth' });
    assert.equal(of('overloaded_error').status, 503);
    assert.equal(of('rate_limit_error').code, 'upstream_rate_limited');
    assert.equal(of('invalid_request_error', 'prompt is too long').code, 'context_window_exceeded');
    assert.equal(of('api_error').code, 'upstream_stream_broken');
    for (const err of [of('overloaded_error'), of('api_error')]) assert.equal(err.retryable, false);
    assert.match(
      of('api_error', 'Internal server error').message,
      /anth stream error \(api_error\): Internal server error/,
    );
  });
});
