import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { ChatCompletionChunk } from '../../spec/chat.ts';
import type { ScannerFactory } from '../policy/registry.ts';
import type { GuardResultEntry } from './results.ts';
import { createGuardStreamFilter } from './stream-filter.ts';
import { preparedContext } from './test-support.ts';

/** A custom scanner that answers asynchronously (a call to an outside service), flagging "secret". */
const slowRedactor: ScannerFactory = {
  description: 'test: an asynchronous redactor',
  options: z.object({}),
  create: (_options, id) => ({
    specVersion: 'v1',
    id,
    checkpoints: ['output'],
    scan: async (input) => {
      const at = 'text' in input ? input.text.indexOf('secret') : -1;
      return at < 0
        ? { verdict: 'pass', score: 0 }
        : { verdict: 'block', score: 1, spans: [{ start: at, end: at + 6, type: 'SECRET' }] };
    },
  }),
};

const chunk = (content: string): string =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });

const policy = (step: Record<string, unknown>) => ({
  defaultPolicy: 'p',
  policies: { p: { output: [{ scanner: 'slow', ...step }] } },
});

test('an asynchronous redact step cannot run per chunk: the stream fails closed, naming the scanner', async () => {
  const ctx = await preparedContext(policy({ action: 'redact' }), {}, { slow: slowRedactor });
  const filter = createGuardStreamFilter(ctx);
  assert.ok(filter);
  assert.throws(
    () =>
      filter.chunk(
        chunk('the secret is out'),
        () => JSON.parse(chunk('the secret is out')) as ChatCompletionChunk,
      ),
    (e: unknown) =>
      e instanceof KeelError && e.code === 'guardrail_blocked' && /scanner 'slow'/.test(e.message),
  );
  const entries = ctx.metadata.guard as GuardResultEntry[];
  assert.equal(entries[0]?.verdict, 'timeout');
});

test('with the step’s onTimeout: allow it is skipped and recorded as a timeout; detection steps skip by default', async () => {
  for (const step of [{ action: 'redact', onTimeout: 'allow' }, { action: 'block' }, { action: 'flag' }]) {
    const ctx = await preparedContext(policy(step), {}, { slow: slowRedactor });
    const filter = createGuardStreamFilter(ctx);
    assert.ok(filter);
    const data = chunk('the secret is out');
    const out = filter.chunk(data, () => JSON.parse(data) as ChatCompletionChunk);
    assert.deepEqual(out, [data], JSON.stringify(step));
    const entries = ctx.metadata.guard as GuardResultEntry[];
    assert.equal(entries[0]?.verdict, 'timeout', JSON.stringify(step));
  }
});
