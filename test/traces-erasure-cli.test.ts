import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createAuditLog } from '../src/access/index.ts';
import { eraseCommand } from '../src/cli/commands/erase.ts';
import { silentLogger } from '../src/log/index.ts';
import type { SqlExecutor } from '../src/spec/index.ts';
import { createStore, uuidv7 } from '../src/store/index.ts';
import { tracesModule } from '../src/traces/index.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * `keel erase --user` against a file database filled the way production fills it: gateway traffic
 * (request records, traces with full content), OTLP ingest with the user in attributes, feedback the
 * user gave, spend rows, evaluation samples of the user's requests and an alert grouped by user.
 * Afterwards no text in any column of any table mentions the user; the other user is untouched.
 */

const GONE = 'erase-me-7f3a';
const KEPT = 'keep-me-2b9c';

/** Every table, every column, every row: where `needle` appears (as text or in a blob). */
export async function mentions(sql: SqlExecutor, needle: string): Promise<string[]> {
  const tables = await sql.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
  const found: string[] = [];
  for (const { name } of tables) {
    for (const row of await sql.query(`SELECT * FROM "${name}"`)) {
      for (const [column, value] of Object.entries(row)) {
        const text =
          typeof value === 'string'
            ? value
            : value instanceof Uint8Array
              ? Buffer.from(value).toString('utf8')
              : '';
        if (text.includes(needle)) found.push(`${name}.${column}`);
      }
    }
  }
  return [...new Set(found)];
}

const hex = (n: number) => n.toString(16).padStart(32, '0');

describe('keel erase --user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-erase-'));
  const db = `sqlite:${join(dir, 'keel.db')}`;
  const requestIds: Record<string, string[]> = { [GONE]: [], [KEPT]: [] };

  before(async () => {
    const keel = await startTestKeel(
      {
        store: { url: db },
        providers: { sim: { type: 'sim', sim: { outputTokens: 4 } } },
        models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
        traces: { captureContent: 'full' },
      },
      { modules: [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })] },
    );
    const client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (const user of [GONE, KEPT]) {
      for (let i = 0; i < 3; i++) {
        const { response } = await client.chat.completions
          .create(
            { model: 'demo', messages: [{ role: 'user', content: `I am ${user}, request ${i}` }] },
            {
              headers: {
                'x-keel-user': user,
                'x-keel-session': `${user}-session`,
                'x-keel-tags': `tag-${user}`,
              },
            },
          )
          .withResponse();
        requestIds[user]?.push(response.headers.get('x-keel-request-id') as string);
      }
    }
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    for (const [i, user] of [GONE, KEPT].entries()) {
      const ns = String(BigInt(Date.now()) * 1_000_000n);
      const response = await fetch(`${keel.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: hex(i + 1),
                      spanId: hex(i + 1).slice(16),
                      name: 'app',
                      startTimeUnixNano: ns,
                      endTimeUnixNano: ns,
                      attributes: [attr('user.id', user), attr('app.customer', `customer of ${user}`)],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      });
      assert.equal(response.status, 200);
      const feedback = await fetch(`${keel.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ traceId: hex(9), value: 'up', user, comment: `from ${user}` }),
      });
      assert.equal(feedback.status, 202);
    }
    await eventually(async () => {
      const [row] = await keel.store.sql.query('SELECT COUNT(*) AS n FROM requests');
      const [scores] = await keel.store.sql.query('SELECT COUNT(*) AS n FROM trace_scores');
      return Number(row?.n) === 6 && Number(scores?.n) === 2;
    });
    await keel.close();
    // Rows other modules keep about requests and users.
    const store = await createStore(db);
    const sql = store.sql;
    const now = Date.now();
    for (const user of [GONE, KEPT]) {
      const rid = requestIds[user]?.[0] as string;
      await sql.execute(
        `INSERT INTO access_spend (id, ts, day, inserted_at, rolled, org_id, team_id, project_id, key_id, model, end_user, feature, tags, status, cost_usd, prompt_tokens, completion_tokens)
         VALUES (?, ?, '2026-01-01', ?, 1, 'o', 't', 'default', 'k', 'demo', ?, 'f', '[]', 200, 0.5, 10, 5)`,
        [uuidv7(), now, now, user],
      );
      await sql.execute(
        `INSERT INTO access_spend_daily VALUES ('2026-01-01', 'o', 't', 'default', 'k', 'demo', ?, 'f', 1, 0, 0.5, 10, 5)`,
        [user],
      );
      await sql.execute(
        `INSERT INTO eval_online_scores (id, request_id, rule, scorer, score, pass, reason, at) VALUES (?, ?, 'r', 's', 1, 1, 'ok', ?)`,
        [uuidv7(), rid, now],
      );
      await sql.execute(
        `INSERT INTO eval_online_samples (request_id, rules, model, feature, input, output, at) VALUES (?, '[]', 'demo', NULL, ?, 'answer', ?)`,
        [rid, `I am ${user}`, now],
      );
      await sql.execute(
        `INSERT INTO trace_alert_events (id, rule, group_by, group_key, kind, value, threshold, message, scope, delivered, error, at_ms)
         VALUES (?, 'per-user', 'user', ?, 'firing', 1, 0, ?, 'null', 1, NULL, ?)`,
        [uuidv7(), user, `[FIRING] per-user (user=${user})`, now],
      );
    }
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves no row anywhere that mentions the user, and the other user untouched', async () => {
    const before = await createStore(db);
    const where = await mentions(before.sql, GONE);
    if (process.env.KEEL_TEST_DEBUG) process.stderr.write(`${where.join(' ')}\n`);
    assert.ok(where.length >= 8, 'the user is all over the database first');
    const keptBefore = await mentions(before.sql, KEPT);
    await before.close();

    const out: string[] = [];
    const err: string[] = [];
    const code = await eraseCommand(['--user', GONE, '--db', db, '--json'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { KEEL_ERASURE_SALT: 'test-salt' },
    });
    assert.equal(code, 0, err.join(''));
    const report = JSON.parse(out.join('')) as { deleted: Record<string, number>; userHash: string };
    assert.ok(
      (report.deleted.traces ?? 0) >= 4 && report.deleted.requests === 3 && report.deleted.spend === 2,
    );
    assert.match(report.userHash, /^hmac-sha256:[0-9a-f]{64}$/);

    const store = await createStore(db);
    try {
      assert.deepEqual(await mentions(store.sql, GONE), []);
      assert.deepEqual(
        (await mentions(store.sql, KEPT)).sort(),
        keptBefore.sort(),
        'the other user keeps everything',
      );
      const [spend] = await store.sql.query(
        "SELECT SUM(cost_usd) AS c FROM access_spend_daily WHERE end_user = ''",
      );
      assert.equal(Number(spend?.c), 0.5, 'spend totals stay, unattributed');
      const audit = createAuditLog(store, { logger: silentLogger() });
      const [entry] = (await audit.list({ action: 'user.erase' })) as Array<{
        target: string;
        actor: { kind: string };
      }>;
      assert.equal(entry?.target, `end_user:${report.userHash}`);
      assert.equal(entry?.actor.kind, 'cli');
      assert.equal((await audit.verify()).ok, true);
    } finally {
      await store.close();
    }
    const again = await eraseCommand(['--user', GONE, '--db', db, '--json'], {
      out: () => undefined,
      err: () => undefined,
      env: {},
    });
    assert.equal(again, 0, 'erasing twice is harmless');
  });

  it('human output keeps its lines; an unknown --tenant is an error, not an empty erasure', async () => {
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await eraseCommand([...argv, '--db', db], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env: { KEEL_ERASURE_SALT: 'test-salt' },
      });
      return { code, out: out.join(''), err: err.join('') };
    };
    const human = await run(['--user', 'bob\u001b[2J']);
    assert.equal(human.code, 0, human.err);
    const lines = human.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, human.out);
    assert.match(lines[0] as string, /^erased bob\?\[2J: traces 0, /);
    assert.match(lines[1] as string, /^audit: user\.erase end_user:hmac-sha256:[0-9a-f]{64}$/);
    assert.match(lines[2] as string, /^cache: not flushed/);

    const unknown = await run(['--user', 'bob', '--tenant', 'nope']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.out, '');
    assert.equal(unknown.err, "keel erase: Tenant 'nope' not found\n");
    assert.equal((await run(['--user', 'bob', '--tenant', 'default', '--json'])).code, 0);
  });

  it('usage errors exit 2', async () => {
    const err: string[] = [];
    assert.equal(
      await eraseCommand(['--db', db], { out: () => undefined, err: (t) => err.push(t), env: {} }),
      2,
    );
    assert.match(err.join(''), /--user is required/);
  });
});
