/**
 * Cluster mode on the real Postgres (fresh schema) and Redis: two Keel replicas — this process and
 * a child process — share the registry. A rollback on one is served by the other within 5 s via the
 * Redis change notice (the timed re-check is set to an hour, so only the notice can explain it).
 * Also: concurrent label moves across replicas, the immutability trigger and stats SQL on Postgres.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { promptsCommand } from '../src/cli/commands/prompts.ts';
import type { KeelConfigInput } from '../src/config/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { promptsModule } from '../src/prompts/index.ts';
import { eventually, startTestKeel } from './harness.ts';
import { POSTGRES_URL, REDIS_URL, serviceSkip } from './services.ts';

const skip = (await serviceSkip('postgres')) || (await serviceSkip('redis'));
const schema = `keel_prompts_${randomBytes(4).toString('hex')}`;
const storeUrl = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}`;
const config: KeelConfigInput = {
  store: { url: storeUrl },
  redis: { url: REDIS_URL },
  providers: { sim: { type: 'sim', sim: { outputTokens: 3 } } },
  models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
  prompts: { refreshSeconds: 3600 },
  records: { flushIntervalMs: 20 },
};

async function startReplica(): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./prompts-replica-process.ts', import.meta.url));
  const child = spawn(process.execPath, [script, JSON.stringify({ ...config, server: { port: 0 } })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let buffer = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('replica did not start in 30 s')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /READY (\S+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
  });
  return { child, url };
}

async function json(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The version B's memory serves for greet@production (render preview reads the in-memory index). */
async function servedVersion(base: string): Promise<number> {
  const res = await json(`${base}/api/prompts/greet/render`, {
    method: 'POST',
    body: { variables: { name: 'x' } },
  });
  return (res.body.prompt as { version: number }).version;
}

async function timeUntil(base: string, version: number): Promise<number> {
  const start = Date.now();
  await eventually(async () => (await servedVersion(base)) === version, 10_000);
  return Date.now() - start;
}

describe('prompts in cluster mode (Postgres + Redis, two processes)', { skip }, () => {
  let a: RunningKeel;
  let b: { child: ChildProcess; url: string };

  before(async () => {
    a = await startTestKeel(config, { modules: [promptsModule()] });
    const greet = { messages: [{ role: 'system', content: 'Greet {{name}}' }], model: 'demo' };
    assert.equal(
      (
        await json(`${a.url}/api/prompts`, {
          method: 'POST',
          body: { name: 'greet', ...greet, labels: ['production'] },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await json(`${a.url}/api/prompts/greet/versions`, {
          method: 'POST',
          body: {
            ...greet,
            messages: [{ role: 'system', content: 'Hello {{name}}' }],
            labels: ['production'],
          },
        })
      ).status,
      201,
    );
    b = await startReplica();
  });

  after(async () => {
    if (b?.child.exitCode === null) {
      b.child.stdin?.end();
      await once(b.child, 'exit');
    }
    await a?.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('a rollback through the API on replica A is served by replica B within 5 s', async () => {
    assert.equal(await servedVersion(b.url), 2);
    const rolled = await json(`${a.url}/api/prompts/greet/labels/production/rollback`, {
      method: 'POST',
      body: { reason: 'incident' },
    });
    assert.equal(rolled.status, 200, JSON.stringify(rolled.body));
    const elapsed = await timeUntil(b.url, 1);
    assert.ok(elapsed < 5000, `B served the rollback after ${elapsed} ms`);
  });

  it('`keel prompts rollback` (store + Redis notice) reaches both replicas within 5 s', async () => {
    let out = '';
    const code = await promptsCommand(
      ['rollback', 'greet', '--label', 'production', '--db', storeUrl, '--redis', REDIS_URL],
      {
        out: (t) => {
          out += t;
        },
        err: (t) => {
          out += t;
        },
        env: {},
      },
    );
    assert.equal(code, 0, out);
    const [ea, eb] = await Promise.all([timeUntil(a.url, 2), timeUntil(b.url, 2)]);
    assert.ok(ea < 5000 && eb < 5000, `A after ${ea} ms, B after ${eb} ms`);
  });

  it('concurrent label moves on both replicas with one expectation: one wins, both serve it', async () => {
    await json(`${a.url}/api/prompts/greet/versions`, {
      method: 'POST',
      body: { messages: [{ role: 'system', content: 'Hey {{name}}' }], model: 'demo' },
    });
    const moves = [a.url, b.url, a.url, b.url].map((base, i) =>
      json(`${base}/api/prompts/greet/labels/production`, {
        method: 'PUT',
        body: { version: i % 2 === 0 ? 1 : 3, expectedVersion: 2 },
      }),
    );
    const results = await Promise.all(moves);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409, 409, 409], JSON.stringify(results.map((r) => r.body)));
    const won = results.find((r) => r.status === 200);
    assert.ok(won);
    const winner = (won.body.to as { version: number }).version;
    await timeUntil(a.url, winner);
    await timeUntil(b.url, winner);
  });

  it('Postgres refuses to edit a version; stats group records by version', async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await assert.rejects(
        client.query(`UPDATE "${schema}".prompt_versions SET content = '{}'`),
        /immutable/,
      );
    } finally {
      await client.end();
    }
    for (const base of [a.url, b.url]) {
      const res = await fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'prompt:greet@v2',
          messages: [{ role: 'user', content: 'hi' }],
          variables: { name: 'P' },
        }),
      });
      assert.equal(res.status, 200);
    }
    const stats = await eventually(async () => {
      const res = await json(`${a.url}/api/prompts/greet/stats?since=1h`);
      const versions = res.body.versions as Array<{
        version: number;
        requests: number;
        latencyMs: { p50: number | null };
      }>;
      return versions.find((v) => v.version === 2 && v.requests === 2) ? versions : undefined;
    });
    const v2 = stats.find((v) => v.version === 2);
    assert.ok((v2?.latencyMs.p50 ?? 0) > 0);
  });
});
