/**
 * The access CLI against a real database file: bootstrap an owner token, teams, projects, users,
 * keys (secret printed once, stored hashed), revocation, bad usage (exit 2) — and the token and key
 * it printed work against a Keel serving the same database.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { accessModule } from '../src/access/index.ts';
import type { CliIo } from '../src/cli/cli-kit.ts';
import { adminCommand } from '../src/cli/commands/admin.ts';
import { keysCommand } from '../src/cli/commands/keys.ts';
import { projectsCommand } from '../src/cli/commands/projects.ts';
import { teamsCommand } from '../src/cli/commands/teams.ts';
import { usersCommand } from '../src/cli/commands/users.ts';
import { createStore } from '../src/store/index.ts';
import { MemoryCredentials, SIM_CONFIG } from './access-admin-support.ts';
import { startTestKeel } from './harness.ts';

type Command = (argv: string[], io: CliIo) => Promise<number>;

describe('access CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-access-cli-'));
  const db = `sqlite:${join(dir, 'keel.db')}`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(command: Command, argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await command([...argv, '--db', db], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      env: { USER: 'tester' },
    });
    return { code, out, err };
  }

  let adminToken: string;

  before(async () => {
    const created = await run(adminCommand, ['create-token', '--email', 'Boss@Acme.test', '--org', 'acme']);
    assert.equal(created.code, 0, created.err);
    adminToken = /(sk-keel-admin-[A-Za-z0-9]+)/.exec(created.out)?.[1] as string;
    assert.ok(adminToken, created.out);
    assert.match(created.err, /shown once/);
  });

  it('admin create-token creates the database, the organisation and an owner', async () => {
    const users = await run(usersCommand, ['list', '--json']);
    const list = JSON.parse(users.out) as Array<{ email: string; role: string }>;
    assert.deepEqual(
      list.map((u) => [u.email, u.role]),
      [['boss@acme.test', 'owner']],
    );
    const again = await run(adminCommand, ['create-token', '--email', 'boss@acme.test', '--json']);
    assert.equal(again.code, 0, again.err);
    assert.notEqual(JSON.parse(again.out).secret, adminToken, 'a second token for the same user');
  });

  it('teams, projects and users by name', async () => {
    assert.equal((await run(teamsCommand, ['create', 'ml'])).code, 0);
    assert.equal((await run(projectsCommand, ['create', 'chatbot', '--team', 'ml'])).code, 0);
    const user = await run(usersCommand, ['create', 'dev@acme.test', '--role', 'developer', '--team', 'ml']);
    assert.equal(user.code, 0, user.err);
    assert.match((await run(teamsCommand, ['list'])).out, /\bml\b/);
    assert.match((await run(projectsCommand, ['list', '--team', 'ml'])).out, /chatbot/);
    assert.match((await run(usersCommand, ['list', '--team', 'ml'])).out, /dev@acme\.test\s+developer/);
  });

  it('keys create prints the secret once, stores only its hash, and applies --budget/--rpm/--models/--expires', async () => {
    const created = await run(keysCommand, [
      'create',
      '--team',
      'ml',
      '--project',
      'chatbot',
      '--name',
      'prod',
      '--budget',
      '50/month',
      '--budget',
      '5/day',
      '--rpm',
      '60',
      '--models',
      'demo,other',
      '--expires',
      '30d',
      '--json',
    ]);
    assert.equal(created.code, 0, created.err);
    const { key, secret } = JSON.parse(created.out) as {
      key: { id: string; expiresAt: string };
      secret: string;
    };
    assert.ok(Date.parse(key.expiresAt) > Date.now() + 29 * 86_400_000);
    const listed = await run(keysCommand, ['list', '--team', 'ml', '--json']);
    assert.ok(!listed.out.includes(secret.slice(8)), 'list never shows the secret');
    const store = await createStore(db);
    try {
      const [row] = await store.sql.query<{ hash: string }>('SELECT hash FROM access_keys WHERE id = ?', [
        key.id,
      ]);
      assert.equal(row?.hash, createHash('sha256').update(secret).digest('hex'));
      const budgets = await store.sql.query<{ amount_usd: number; period: string }>(
        'SELECT amount_usd, period FROM access_budgets WHERE scope_id = ? ORDER BY amount_usd',
        [key.id],
      );
      assert.deepEqual(
        budgets.map((b) => [Number(b.amount_usd), b.period]),
        [
          [5, 'day'],
          [50, 'month'],
        ],
      );
      const [policy] = await store.sql.query<{ rpm: number; allowed_models: string }>(
        'SELECT rpm, allowed_models FROM access_policies WHERE scope_id = ?',
        [key.id],
      );
      assert.equal(Number(policy?.rpm), 60);
      assert.deepEqual(JSON.parse(policy?.allowed_models ?? 'null'), ['demo', 'other']);
    } finally {
      await store.close();
    }
  });

  it('the printed admin token and key work against a Keel on the same database; revoke stops the key', async () => {
    const created = await run(keysCommand, ['create', '--team', 'ml']);
    assert.equal(created.code, 0, created.err);
    const secret = /(sk-keel-[A-Za-z0-9]{43})/.exec(created.out)?.[1] as string;
    const keyId = /created key (\S+)/.exec(created.out)?.[1] as string;
    const keel = await startTestKeel(
      { ...SIM_CONFIG, store: { url: db } },
      { modules: [accessModule({ credentials: new MemoryCredentials() })] },
    );
    try {
      const me = await fetch(`${keel.url}/api/me`, { headers: { authorization: `Bearer ${adminToken}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { role: string }).role, 'owner');
      const client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: secret, maxRetries: 0 });
      const ask = () =>
        client.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] });
      await ask();
      const revoked = await run(keysCommand, ['revoke', keyId]);
      assert.equal(revoked.code, 0, revoked.err);
      assert.match(revoked.out, /revoked key/);
      // The CLI has no line to the running Keel: the cache TTL (≤ 5 s) ends the key. The deadline
      // adds 3 s for a stalled machine (the background refresh runs every 2.5 s).
      const deadline = Date.now() + 8000;
      let refused = false;
      while (!refused && Date.now() < deadline) {
        refused = await ask().then(
          () => false,
          (error: unknown) => error instanceof OpenAI.AuthenticationError,
        );
        if (!refused) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(refused, 'refused within the TTL (plus margin)');
    } finally {
      await keel.close();
    }
  });

  it('bad usage exits 2 with a clear message; missing things exit 1', async () => {
    const cases: Array<[Command, string[], RegExp]> = [
      [keysCommand, ['create'], /--team is required/],
      [keysCommand, ['create', '--team', 'ml', '--budget', '50/fortnight'], /AMOUNT\/PERIOD/],
      [keysCommand, ['create', '--team', 'ml', '--budget=-5/month'], /AMOUNT\/PERIOD/],
      [keysCommand, ['create', '--team', 'ml', '--rpm', 'lots'], /--rpm: 'lots' is not a whole number/],
      [keysCommand, ['create', '--team', 'ml', '--rpm', '999999999999'], /Invalid value for 'policy.rpm'/],
      [keysCommand, ['create', '--team', 'ml', '--models', 'a,,b'], /--models: empty item/],
      [keysCommand, ['create', '--team', 'ml', '--expires', 'soon'], /--expires/],
      [
        keysCommand,
        ['create', '--team', 'ml', '--expires', '99999999d'],
        /--expires: '99999999d' is too long/,
      ],
      [keysCommand, ['create', '--team', 'ml', '--bogus'], /Unknown option '--bogus'/],
      [keysCommand, ['explode'], /unknown subcommand 'explode'/],
      [usersCommand, ['create', 'not-an-email', '--role', 'viewer'], /email/],
      [usersCommand, ['create', 'x@acme.test', '--role', 'king'], /role/],
      [teamsCommand, ['create', 'bad name!'], /Invalid value for 'name'/],
    ];
    for (const [command, argv, message] of cases) {
      const result = await run(command, argv);
      assert.equal(result.code, 2, `${argv.join(' ')} → ${result.code}: ${result.err}`);
      assert.match(result.err, message, argv.join(' '));
    }
    const missing = await run(keysCommand, ['create', '--team', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /team 'nope' not found/);
    const conflict = await run(teamsCommand, ['create', 'ml']);
    assert.equal(conflict.code, 1);
    let openapiErr = '';
    const openapi = await adminCommand(['openapi', '--out', join(dir, 'no-such-dir', 'api.json')], {
      out: () => undefined,
      err: (t) => {
        openapiErr += t;
      },
      env: {},
    });
    assert.equal(openapi, 2, 'an unwritable --out is one CLI error, not an unhandled ENOENT');
    assert.match(openapiErr, /--out: cannot write .*api\.json \(ENOENT\)/);
  });

  it('refuses to invent a database at a mistyped path (except create-token)', async () => {
    let err = '';
    const code = await keysCommand(['list', '--db', `sqlite:${join(dir, 'typo.db')}`], {
      out: () => {},
      err: (t) => {
        err += t;
      },
      env: {},
    });
    assert.equal(code, 1);
    assert.match(err, /no database at/);
  });
});
