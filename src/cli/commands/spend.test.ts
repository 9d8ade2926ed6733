import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAccessService } from '../../access/admin/index.ts';
import type { AdminCaller } from '../../access/rbac/index.ts';
import { insertSpendRows, type SpendRow } from '../../access/spend/index.ts';
import { createStore } from '../../store/index.ts';
import { spendCommand } from './spend.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-spend-cli-'));
const db = `sqlite:${join(dir, 'keel.db')}`;
const NOW = Date.parse('2026-11-22T12:00:00Z');
let n = 0;
const row = (extra: Partial<SpendRow>): SpendRow => ({
  id: `r${++n}`,
  ts: NOW - 3_600_000,
  orgId: 'acme',
  teamId: 'search',
  projectId: 'p1',
  keyId: 'k1',
  model: 'gpt-x',
  user: '',
  feature: '',
  tags: [],
  status: 200,
  costUsd: 1,
  promptTokens: 100,
  completionTokens: 10,
  ...extra,
});

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await spendCommand(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env: {},
    now: () => NOW,
  });
  return { code, out, err };
}

before(async () => {
  const store = await createStore(db);
  await insertSpendRows(store.sql, [
    row({ teamId: 'search', costUsd: 1.5, user: '=cmd|calc' }),
    row({ teamId: 'search', costUsd: 0.25, ts: NOW - 40 * 86_400_000 }), // outside 30d
    row({ teamId: 'ads', costUsd: 3, model: 'gpt-y', ts: Date.parse('2026-11-01T00:00:00Z') }),
    row({ teamId: 'ads', costUsd: 7, ts: Date.parse('2026-10-31T23:00:00Z') }),
  ]);
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('keel spend', () => {
  it('--by team --since 30d as a table (rolls up pending rows first)', async () => {
    const { code, out } = await cli('--by', 'team', '--since', '30d', '--db', db);
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    assert.match(lines[0] as string, /spend 2026-10-23 \.\. 2026-11-23/);
    assert.match(
      lines[1] as string,
      /^team\s+requests\s+errors\s+prompt_tokens\s+completion_tokens\s+cost_usd$/,
    );
    assert.match(lines[3] as string, /^ads\s+2\s+0\s+200\s+20\s+10$/);
    assert.match(lines[4] as string, /^search\s+1\s+0\s+100\s+10\s+1\.5$/);
    assert.match(lines.at(-1) as string, /^TOTAL\s+3\s+0\s+300\s+30\s+11\.5$/);
  });

  it('CSV and JSON; CSV cells that look like formulas are defused', async () => {
    const csv = await cli('--by', 'user,team', '--since', '2026-11-20', '--format', 'csv', '--db', db);
    assert.equal(csv.code, 0);
    assert.equal(
      csv.out,
      "user,team,requests,errors,prompt_tokens,completion_tokens,cost_usd\r\n'=cmd|calc,search,1,0,100,10,1.5\r\n",
    );
    const json = await cli('--by', 'model', '--format', 'json', '--db', db);
    const parsed = JSON.parse(json.out) as { rows: Array<{ group: { model: string }; costUsd: number }> };
    assert.deepEqual(
      parsed.rows.map((r) => [r.group.model, r.costUsd]),
      [
        ['gpt-x', 8.5],
        ['gpt-y', 3],
      ],
    );
  });

  it('--chargeback 2026-11 --format csv: the month only, per org/team/project', async () => {
    const { code, out } = await cli('--chargeback', '2026-11', '--format', 'csv', '--db', db);
    assert.equal(code, 0);
    assert.equal(
      out,
      'period,org,team,project,requests,errors,prompt_tokens,completion_tokens,cost_usd\r\n' +
        '2026-11,acme,ads,p1,1,0,100,10,3\r\n' +
        '2026-11,acme,search,p1,1,0,100,10,1.5\r\n',
    );
  });

  it('--org/--team/--project take names as well as ids; an unknown name is an error, not an empty report', async () => {
    const store = await createStore(db);
    const service = createAccessService({ sql: store.sql, audit: { record: async () => undefined } });
    const caller: AdminCaller = { actor: { kind: 'cli', id: 'test' }, role: 'owner' };
    const org = await service.createOrg(caller, { name: 'acme-co' });
    const team = await service.createTeam(caller, { orgId: org.id, name: 'web' });
    const project = await service.createProject(caller, { teamId: team.id, name: 'site' });
    await insertSpendRows(store.sql, [
      row({ orgId: org.id, teamId: team.id, projectId: project.id, costUsd: 2.5, model: 'named' }),
    ]);
    await store.close();
    for (const argv of [
      ['--team', 'web', '--org', 'acme-co'],
      ['--team', team.id],
      ['--org', 'acme-co', '--project', 'site'],
      ['--team', 'web', '--project', 'site'],
    ]) {
      const { code, out } = await cli(
        '--by',
        'model',
        '--since',
        '1d',
        '--format',
        'json',
        ...argv,
        '--db',
        db,
      );
      assert.equal(code, 0, argv.join(' '));
      const parsed = JSON.parse(out) as { rows: Array<{ group: { model: string }; costUsd: number }> };
      assert.deepEqual(
        parsed.rows.map((r) => [r.group.model, r.costUsd]),
        [['named', 2.5]],
        argv.join(' '),
      );
    }
    const unknown = await cli('--team', 'nope', '--since', '1d', '--db', db);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /team 'nope' not found/);
    // A deleted team's id still reports its history.
    const gone = await cli('--team', '0190a0a0-0000-7000-8000-000000000000', '--since', '1d', '--db', db);
    assert.equal(gone.code, 0);
  });

  it('bad usage exits 2 with a clear message; a missing database exits 1', async () => {
    for (const argv of [
      ['--by', 'colour'],
      ['--format', 'xml'],
      ['--since', 'yesterday'],
      ['--since', '9999999999d'],
      ['--since', '99999999d'],
      ['--since', '2026-02-30'],
      ['--chargeback', '2026-13'],
      ['--chargeback', '2026-11', '--since', '7d'],
      ['--by', 'tag,user'],
      ['--limit', '0'],
      ['--bogus'],
    ]) {
      const { code, err } = await cli(...argv, '--db', db);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, /^keel spend: /);
    }
    const missing = await cli('--db', `sqlite:${join(dir, 'nope.db')}`);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no database at/);
  });
});
