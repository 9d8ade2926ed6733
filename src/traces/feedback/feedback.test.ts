import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isKeelError } from '../../errors/index.ts';
import { createStore, uuidv7 } from '../../store/index.ts';
import type { QueueItem, ScoreRow } from '../model.ts';
import { span, write } from '../query/test-support.ts';
import { PendingFeedback } from './pending.ts';
import { findRequestTrace, requestTraceId } from './resolve.ts';
import { parseFeedback } from './routes.ts';
import { feedbackScore } from './to-score.ts';

const score = (body: unknown) =>
  feedbackScore(parseFeedback(body), { tenant: 'default', traceId: 't1', nowMs: 1_700_000_000_000 });

describe('feedback values', () => {
  it('thumbs, stars and 0-1 scores all land in 0-1', () => {
    assert.deepEqual(
      [score({ traceId: 't', value: 'up' }).value, score({ traceId: 't', value: 'down' }).value],
      [1, 0],
    );
    assert.equal(score({ traceId: 't', value: true }).dataType, 'boolean');
    assert.equal(score({ traceId: 't', value: 5 }).value, 1);
    assert.equal(score({ traceId: 't', value: 3 }).value, 0.5);
    assert.equal(score({ traceId: 't', value: 1, scale: '1-5' }).value, 0);
    assert.equal(score({ traceId: 't', value: 1 }).value, 1, 'a bare 1 is the top of 0-1');
    assert.equal(score({ traceId: 't', value: 0.25 }).value, 0.25);
    const s = score({ traceId: 't', value: 4, comment: 'good', user: 'u9', name: 'stars' });
    assert.deepEqual([s.name, s.source, s.comment, s.authorId], ['stars', 'feedback', 'good', 'u9']);
    assert.deepEqual(JSON.parse(s.metadata), { scale: '1-5', raw: 4 });
    assert.equal(score({ traceId: 't', value: 'up' }).name, 'user-feedback');
  });

  it('implicit signals become implicit.<signal> scores', () => {
    const s = score({ requestId: uuidv7(), signal: 'regenerate' });
    assert.deepEqual([s.name, s.value, s.source], ['implicit.regenerate', 0, 'implicit']);
    assert.equal(score({ traceId: 't', signal: 'edit', value: 0.8 }).value, 0.8);
    assert.equal(score({ traceId: 't', signal: 'copy' }).value, 1);
  });

  it('client ids make retries idempotent', () => {
    assert.equal(score({ traceId: 't', value: 'up', id: 'abc' }).id, 'feedback:abc');
  });

  it('bad input is a 400 naming the field', () => {
    const bad = (body: unknown, param?: string) =>
      assert.throws(
        () => score(body),
        (e) => isKeelError(e) && e.status === 400 && (param === undefined || e.param === param),
      );
    bad({ value: 'up' }, 'traceId');
    bad({ traceId: 't', value: 7 }, 'value');
    bad({ traceId: 't', value: 2.5, scale: '1-5' }, 'value');
    bad({ traceId: 't', value: 'sideways' }, 'value');
    bad({ traceId: 't', signal: 'dance' }, 'signal');
    bad({ traceId: 't', value: 'up', extra: 1 });
    bad({ traceId: 7, value: 'up' }, 'traceId');
    bad([1, 2]);
    bad({ traceId: 't', value: 'up', timestamp: -5 }, 'timestamp');
    bad({ traceId: 't', value: 'up', timestamp: '0001-01-01T00:00:00Z' }, 'timestamp');
    assert.equal(score({ traceId: 't', value: 'up', timestamp: '1970-01-01T00:00:00Z' }).timeUs, 0);
  });

  it('a requestId must be a Keel request id (UUID), and is not combined with a traceId', () => {
    const bad = (body: unknown, param: string, message: RegExp) =>
      assert.throws(
        () => parseFeedback(body),
        (e) => isKeelError(e) && e.status === 400 && e.param === param && message.test(e.message),
      );
    bad({ requestId: 'not-a-uuid', value: 'up' }, 'requestId', /UUID/);
    bad({ requestId: 'nope', signal: 'copy' }, 'requestId', /UUID/);
    bad({ traceId: 'x', requestId: uuidv7(), value: 'up' }, 'requestId', /not both/);
    const id = uuidv7();
    assert.equal(parseFeedback({ requestId: id.toUpperCase(), value: 'up' }).requestId, id);
  });
});

describe('request ids → traces', async () => {
  const store = await createStore('sqlite::memory:');
  after(() => store.close());

  it('finds the request’s own trace, or its span inside a client trace', async () => {
    const own = uuidv7();
    const joined = uuidv7();
    const at = Date.now() * 1000;
    await write(store.sql, [
      span({ traceId: requestTraceId(own), spanId: requestTraceId(own).slice(-16), startUs: at }),
      span({ traceId: 'c'.repeat(32), spanId: requestTraceId(joined).slice(-16), startUs: at }),
    ]);
    assert.equal(await findRequestTrace(store.sql, 'default', own), requestTraceId(own));
    assert.equal(await findRequestTrace(store.sql, 'default', joined), 'c'.repeat(32));
    assert.equal(await findRequestTrace(store.sql, 'default', uuidv7()), null);
  });

  it('pending feedback attaches once the trace lands, else falls back to the request id', async () => {
    let now = 0;
    const offered: ScoreRow[] = [];
    const pending = new PendingFeedback({
      sql: store.sql,
      offer: (items: readonly QueueItem[]) => {
        for (const i of items) if (i.type === 'score') offered.push(i.row);
        return true;
      },
      delaysMs: [10, 10],
      now: () => now,
    });
    const late = uuidv7();
    const never = uuidv7();
    const mk = (requestId: string) =>
      feedbackScore(parseFeedback({ requestId, value: 'up' }), {
        tenant: 'default',
        traceId: requestTraceId(requestId),
        nowMs: 0,
      });
    pending.add({ tenant: 'default', requestId: late, score: mk(late) });
    pending.add({ tenant: 'default', requestId: never, score: mk(never) });
    now = 10;
    await pending.tick();
    assert.equal(offered.length, 0, 'nothing found yet; retried later');
    await write(store.sql, [
      span({ traceId: 'd'.repeat(32), spanId: requestTraceId(late).slice(-16), startUs: Date.now() * 1000 }),
    ]);
    now = 20;
    await pending.tick();
    assert.deepEqual(offered.map((s) => s.traceId).sort(), ['d'.repeat(32), requestTraceId(never)].sort());
    assert.equal(pending.size, 0);
    pending.close();
  });
});
