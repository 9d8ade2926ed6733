import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { toPgError } from './pg-errors.ts';

const at = { action: 'insert requests', target: 'db:5432' };

function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

test('reaching the server at all is store_unavailable and retryable', () => {
  const cases = [
    pgError('connect ECONNREFUSED 10.0.0.1:5432', 'ECONNREFUSED'),
    pgError('getaddrinfo ENOTFOUND db', 'ENOTFOUND'),
    pgError('terminating connection due to administrator command', '57P01'),
    pgError('the database system is starting up', '57P03'),
    pgError('sorry, too many clients already', '53300'),
    pgError('password authentication failed for user "keel"', '28P01'),
    pgError('database "nope" does not exist', '3D000'),
    pgError('Connection terminated unexpectedly'),
    pgError('timeout exceeded when trying to connect'),
    pgError('Cannot use a pool after calling end on the pool'),
  ];
  for (const error of cases) {
    const mapped = toPgError(error, at);
    assert.equal(mapped.code, 'store_unavailable', error.message);
    assert.equal(mapped.retryable, true);
    assert.match(mapped.message, /^Postgres unavailable at db:5432: /);
    assert.equal(mapped.cause, error);
  }
});

test('SQL errors are internal errors named by SQLSTATE, without the server message', () => {
  const error = pgError('invalid input syntax for type uuid: "secret-value"', '22P02');
  const mapped = toPgError(error, at);
  assert.equal(mapped.code, 'internal_error');
  assert.equal(mapped.message, 'Postgres error during insert requests (SQLSTATE 22P02)');
  assert.ok(!mapped.message.includes('secret-value'));
});

test('KeelErrors pass through unchanged', () => {
  const original = new KeelError('invalid_request', 'bad record');
  assert.equal(toPgError(original, at), original);
});
