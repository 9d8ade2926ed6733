/** GET /api/audit and /api/audit/verify on a real Keel, with a stand-in authorize callback. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { type AuditLog, createAuditLog, registerAuditRoutes } from '../src/access/audit/index.ts';
import { KeelError } from '../src/errors/index.ts';
import type { KeelModule } from '../src/gateway/index.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { startTestKeel } from './harness.ts';

let audit: AuditLog;
const seen: string[] = [];

// Stand-in for the admin API's RBAC: a header names the role.
function authorize(request: FastifyRequest, permission: string): undefined {
  const role = request.headers['x-test-role'];
  seen.push(`${role}:${permission}`);
  if (role === undefined) throw new KeelError('unauthorized', 'missing admin token');
  if (role === 'viewer' && permission === 'audit.verify')
    throw new KeelError('forbidden', 'viewers cannot verify');
}

const auditModule: KeelModule = {
  name: 'audit-test',
  async start(ctx) {
    audit = createAuditLog(ctx.store, { logger: ctx.logger, metrics: ctx.metrics });
    return { routes: (app) => registerAuditRoutes(app, { audit, authorize }) };
  },
};

describe('audit routes', () => {
  let keel: RunningKeel;
  const get = async (path: string, role: string | null = 'admin') => {
    const response = await fetch(`${keel.url}${path}`, { headers: role ? { 'x-test-role': role } : {} });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    keel = await startTestKeel(
      { providers: { sim: { type: 'sim' } }, models: {} },
      { modules: [auditModule] },
    );
    for (let i = 1; i <= 7; i++) {
      await audit.record({
        actor: { kind: 'user', id: i % 2 ? 'alice' : 'bob' },
        action: i % 2 ? 'key.create' : 'team.update',
        target: `key:${i}`,
        after: { n: i, apiKey: 'sk-should-not-be-stored-1234' },
      });
    }
  });
  after(() => keel.close());

  it('lists newest first with filters and paging, never showing redacted secrets', async () => {
    const page = await get('/api/audit?limit=3');
    assert.equal(page.status, 200);
    const data = page.body.data as { seq: number; after: { apiKey: string } }[];
    assert.deepEqual(
      data.map((e) => e.seq),
      [7, 6, 5],
    );
    assert.equal(page.body.nextBeforeSeq, 5);
    assert.equal(data[0]?.after.apiKey, '[redacted]');
    const next = await get('/api/audit?limit=3&beforeSeq=5');
    assert.deepEqual(
      (next.body.data as { seq: number }[]).map((e) => e.seq),
      [4, 3, 2],
    );
    const filtered = await get('/api/audit?action=key.*&actor=alice&since=2000-01-01T00:00:00Z');
    assert.deepEqual(
      (filtered.body.data as { seq: number }[]).map((e) => e.seq),
      [7, 5, 3, 1],
    );
    assert.equal(filtered.body.nextBeforeSeq, null);
    const none = await get(`/api/audit?until=${Date.UTC(2000, 0, 1)}`);
    assert.deepEqual(none.body.data, []);
  });

  it('verify reports an intact chain, then the tampered row', async () => {
    let result = await get('/api/audit/verify');
    assert.equal(result.status, 200);
    assert.equal(result.body.ok, true);
    assert.equal(result.body.rows, 7);
    await keel.store.sql.execute("UPDATE access_audit_log SET target = 'key:forged' WHERE seq = 4");
    result = await get('/api/audit/verify');
    assert.equal(result.body.ok, false);
    assert.equal(result.body.firstBadSeq, 4);
    assert.match(String(result.body.reason), /row seq 4 .* was edited/);
    await keel.store.sql.execute("UPDATE access_audit_log SET target = 'key:4' WHERE seq = 4");
  });

  it('calls authorize for every route and renders its refusal', async () => {
    seen.length = 0;
    assert.equal((await get('/api/audit', null)).status, 401);
    const forbidden = await get('/api/audit/verify', 'viewer');
    assert.equal(forbidden.status, 403);
    assert.equal((forbidden.body.error as { message: string }).message, 'viewers cannot verify');
    assert.equal((await get('/api/audit', 'viewer')).status, 200);
    assert.deepEqual(seen, ['undefined:audit.read', 'viewer:audit.verify', 'viewer:audit.read']);
  });

  it('bad query parameters are 400s that name the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/audit?limit=0', /'limit'/],
      ['/api/audit?limit=1001', /'limit'/],
      ['/api/audit?limit=ten', /'limit': must be a whole number/],
      ['/api/audit?limit=1&limit=2', /'limit'/],
      ['/api/audit?since=yesterday', /'since': must be an ISO 8601 time/],
      ['/api/audit?until=2025-13-45', /'until'/],
      ['/api/audit?beforeSeq=-3', /'beforeSeq'/],
      ['/api/audit?seq=1', /seq/],
      [`/api/audit?action=${'a'.repeat(200)}`, /'action'/],
      ['/api/audit/verify?deep=1', /takes no query parameters/],
    ];
    for (const [path, message] of cases) {
      const result = await get(path);
      assert.equal(result.status, 400, `${path}: ${JSON.stringify(result.body)}`);
      const error = result.body.error as { message: string; type: string };
      assert.equal(error.type, 'invalid_request_error');
      assert.match(error.message, message, path);
    }
  });

  it('exposes audit write results as a metric', async () => {
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    assert.match(metrics, /keel_audit_events_total\{result="ok"\} 7/);
  });
});
