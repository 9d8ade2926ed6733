/**
 * Enforcement inside a real Keel (embedded mode: SQLite file, in-memory counters): OpenAI-shaped
 * 429s through the HTTP API and the OpenAI SDK, spend attribution and the spend API with its
 * authorize callback, and budgets that survive a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import OpenAI from 'openai';
import { enforcementModule } from '../src/access/limits/index.ts';
import { rollupAll } from '../src/access/spend/index.ts';
import type { AccessPrincipal, AuditEvent, BudgetPolicy, RateLimitPolicy } from '../src/access/types.ts';
import { KeelError } from '../src/errors/index.ts';
import type { KeelModule } from '../src/gateway/index.ts';
import { eventually, startTestKeel } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-limits-gw-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Test-only auth: the principal comes from a header (the real auth hook lives in src/access/auth). */
function headerPrincipal(): KeelModule {
  return {
    name: 'test-principal',
    async start() {
      return {
        hooks: [
          {
            name: 'test-principal',
            beforeRequest(ctx) {
              const raw = ctx.headers['x-test-principal'];
              if (typeof raw === 'string')
                ctx.principal = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
            },
          },
        ],
      };
    },
  };
}

function principal(
  keyId: string,
  policy: { limits?: RateLimitPolicy[]; budgets?: BudgetPolicy[] },
  team = 'team-a',
): string {
  const p: AccessPrincipal = {
    id: keyId,
    kind: 'virtual_key',
    tenant: 'proj-a',
    keyId,
    orgId: 'org-a',
    teamId: team,
    projectId: 'proj-a',
    policy: { limits: policy.limits ?? [], budgets: policy.budgets ?? [] },
  };
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

const events: AuditEvent[] = [];
const config = (db: string) => ({
  store: { url: `sqlite:${db}` },
  providers: { sim: { type: 'sim' as const, sim: { outputTokens: 10 } } },
  // $1000 / $2000 per MTok make single requests cost cents.
  models: {
    sim: {
      deployments: [{ provider: 'sim', model: 'sim-1', price: { inputPerMTok: 1000, outputPerMTok: 2000 } }],
    },
  },
  access: { spend: { flushIntervalMs: 20, rollupIntervalMs: 0 } },
});
const modules = () => [
  headerPrincipal(),
  enforcementModule({
    audit: { record: async (e) => void events.push(e) },
    // Team admins see their team only; `x-admin-team: *` sees everything; no header → 401.
    authorize: (request) => {
      const team = request.headers['x-admin-team'];
      if (typeof team !== 'string') throw new KeelError('unauthorized', 'Missing admin token');
      return team === '*' ? {} : { teamId: team };
    },
  }),
];

async function chat(url: string, who: string, body: Record<string, unknown> = {}) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-test-principal': who,
      'x-keel-user': 'end-user-1',
      'x-keel-feature': 'search',
    },
    body: JSON.stringify({
      model: 'sim',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 10,
      ...body,
    }),
  });
}

describe('limits in a running Keel (embedded)', () => {
  const db = join(dir, 'keel.db');

  it('rate limit: 429 rate_limited with Retry-After, OpenAI-shaped', async () => {
    const keel = await startTestKeel(config(join(dir, 'rl.db')), { modules: modules() });
    try {
      const who = principal('k-rpm', { limits: [{ scope: 'key', scopeId: 'k-rpm', rpm: 2 }] });
      assert.equal((await chat(keel.url, who)).status, 200);
      assert.equal((await chat(keel.url, who)).status, 200);
      const refused = await chat(keel.url, who);
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      const body = (await refused.json()) as { error: { code: string; type: string; message: string } };
      assert.equal(body.error.code, 'rate_limited');
      assert.equal(body.error.type, 'rate_limit_error');
      assert.match(body.error.message, /key k-rpm allows 2 requests per minute/);
    } finally {
      await keel.close();
    }
  });

  it('budget: the OpenAI SDK sees a 429 with code budget_exceeded naming the budget and its reset', async () => {
    const keel = await startTestKeel(config(db), { modules: modules() });
    try {
      const budget: BudgetPolicy = {
        id: 'bud-1',
        scope: 'team',
        scopeId: 'team-a',
        amountUsd: 0.1,
        period: 'day',
        alertThresholds: [0.5, 1],
      };
      const who = principal('k-budget', { budgets: [budget] });
      const client = new OpenAI({
        baseURL: `${keel.url}/v1`,
        apiKey: 'unused',
        maxRetries: 0,
        defaultHeaders: { 'x-test-principal': who },
      });
      let ok = 0;
      let refusal: InstanceType<typeof OpenAI.APIError> | undefined;
      for (let i = 0; i < 20 && !refusal; i++) {
        try {
          await client.chat.completions.create({
            model: 'sim',
            messages: [{ role: 'user', content: 'hello' }],
            max_tokens: 10,
          });
          ok++;
        } catch (error) {
          if (!(error instanceof OpenAI.APIError)) throw error;
          refusal = error;
        }
      }
      assert.ok(ok >= 2, `requests before the cap: ${ok}`);
      assert.ok(refusal);
      assert.equal(refusal.status, 429);
      assert.equal(refusal.code, 'budget_exceeded');
      assert.match(refusal.message, /daily budget of team team-a for \d{4}-\d{2}-\d{2} \(\$0\.1\)/);
      assert.match(refusal.message, /It resets at \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
      const details = (refusal.error as { details?: Record<string, unknown> }).details;
      assert.equal(details?.budgetId, 'bud-1');
      assert.equal(details?.period, 'day');
      await eventually(() => events.some((e) => e.action === 'budget.alert' && e.meta?.threshold === 0.5));
      assert.ok(events.some((e) => e.action === 'budget.breach' && e.target === 'budget:bud-1'));
    } finally {
      await keel.close();
    }
  });

  it('budget spend survives a restart (settled spend reloads from the spend tables)', async () => {
    const keel = await startTestKeel(config(db), { modules: modules() });
    try {
      const budget: BudgetPolicy = {
        id: 'bud-1',
        scope: 'team',
        scopeId: 'team-a',
        amountUsd: 0.1,
        period: 'day',
        alertThresholds: [],
      };
      const refused = await chat(keel.url, principal('k-budget', { budgets: [budget] }));
      assert.equal(refused.status, 429);
      const { error } = (await refused.json()) as { error: { code: string; details: { spentUsd: number } } };
      assert.equal(error.code, 'budget_exceeded');
      assert.ok(error.details.spentUsd > 0.05, `spent before the restart: ${error.details.spentUsd}`);
      // A bigger budget on the same team and day sees the same spend and lets requests through.
      const bigger = { ...budget, id: 'bud-2', amountUsd: 10 };
      assert.equal((await chat(keel.url, principal('k-budget', { budgets: [bigger] }))).status, 200);
    } finally {
      await keel.close();
    }
  });

  it('spend API: grouped reports, CSV, scoped to what authorize allows (other teams are 404)', async () => {
    const keel = await startTestKeel(config(join(dir, 'api.db')), { modules: modules() });
    try {
      for (const [key, team] of [
        ['k1', 'team-a'],
        ['k1', 'team-a'],
        ['k2', 'team-b'],
      ] as const) {
        assert.equal((await chat(keel.url, principal(key, {}, team))).status, 200);
      }
      await eventually(async () => {
        await rollupAll(keel.store.sql);
        const rows = await keel.store.sql.query<{ n: number }>(
          'SELECT SUM(requests) AS n FROM access_spend_daily',
        );
        return Number(rows[0]?.n) === 3;
      });
      const get = (path: string, team?: string) =>
        fetch(`${keel.url}${path}`, { headers: team ? { 'x-admin-team': team } : {} });
      const all = (await (await get('/api/spend?by=team&since=1d', '*')).json()) as {
        rows: Array<{ group: { team: string }; requests: number; costUsd: number }>;
      };
      assert.deepEqual(
        all.rows.map((r) => [r.group.team, r.requests]),
        [
          ['team-a', 2],
          ['team-b', 1],
        ],
      );
      assert.ok((all.rows[0]?.costUsd ?? 0) > 0);
      const mine = (await (await get('/api/spend?by=team,key', 'team-b')).json()) as {
        rows: Array<{ group: { team: string } }>;
      };
      assert.deepEqual(
        mine.rows.map((r) => r.group.team),
        ['team-b'],
      );
      assert.equal((await get('/api/spend?team=team-a', 'team-b')).status, 404);
      assert.equal((await get('/api/spend')).status, 401);
      const bad = await get('/api/spend?by=colour', '*');
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /colour/);
      // An unknown query field is named as a query parameter, as on the other admin routes.
      for (const path of ['/api/spend?bogus=1', '/api/spend/chargeback?period=2026-01&bogus=1']) {
        const unknown = await get(path, '*');
        assert.equal(unknown.status, 400);
        const { error } = (await unknown.json()) as { error: { message: string; param: string | null } };
        assert.equal(error.message, "Unknown field 'bogus' in query");
        assert.equal(error.param, 'bogus');
      }
      const csv = await get('/api/spend?by=user,feature&format=csv', '*');
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(
        await csv.text(),
        /^user,feature,requests,errors,prompt_tokens,completion_tokens,cost_usd\r\nend-user-1,search,3,/,
      );
      const month = new Date().toISOString().slice(0, 7);
      const statement = (await (await get(`/api/spend/chargeback?period=${month}`, '*')).json()) as {
        period: string;
        rows: unknown[];
      };
      assert.equal(statement.period, month);
      assert.equal(statement.rows.length, 2);
    } finally {
      await keel.close();
    }
  });
});
