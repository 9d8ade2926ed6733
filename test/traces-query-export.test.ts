import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { feedbackCommand } from '../src/cli/commands/feedback.ts';
import { statsCommand } from '../src/cli/commands/stats.ts';
import { tracesCommand } from '../src/cli/commands/traces.ts';
import type { RunningKeel } from '../src/gateway/start.ts';
import { tracesModule } from '../src/traces/index.ts';
import { eventually, startTestKeel } from './harness.ts';

/**
 * Export: Keel A forwards its traces over OTLP/JSON to Keel B, which stores the same spans (ids,
 * kinds, layers, models, tokens); and the CLI (traces list|show|export, stats, feedback add) reads
 * A's database file.
 */

const cli = async (command: typeof tracesCommand, argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await command(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join(''), err: err.join('') };
};

describe('trace export and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-export-'));
  const db = `sqlite:${join(dir, 'a.db')}`;
  let a: RunningKeel;
  let b: RunningKeel;
  let traceId = '';
  let requestId = '';

  before(async () => {
    b = await startTestKeel(
      { providers: {}, models: {} },
      { modules: [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })] },
    );
    a = await startTestKeel(
      {
        store: { url: db },
        providers: { sim: { type: 'sim', sim: { outputTokens: 5 } } },
        models: { demo: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
        traces: { export: { otlp: { url: `${b.url}/v1/traces`, flushIntervalMs: 20 } } },
      },
      { modules: [tracesModule({ writer: { spoolDir: null, flushIntervalMs: 20 } })] },
    );
    const client = new OpenAI({ baseURL: `${a.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    for (let i = 0; i < 3; i++) {
      const { response } = await client.chat.completions
        .create(
          { model: 'demo', messages: [{ role: 'user', content: `q${i}` }] },
          { headers: { 'x-keel-user': `u${i}` } },
        )
        .withResponse();
      requestId = response.headers.get('x-keel-request-id') as string;
      traceId = requestId.replaceAll('-', '');
    }
    await eventually(
      async () => Number((await a.store.sql.query('SELECT COUNT(*) AS n FROM traces'))[0]?.n) === 3,
    );
  });
  after(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forwards spans to another OTLP endpoint (a second Keel) with the same facts', async () => {
    const received = await eventually(async () => {
      const rows = await b.store.sql.query('SELECT * FROM trace_spans WHERE trace_id = ?', [traceId]);
      return rows.length > 0 ? rows : undefined;
    });
    const [original] = await a.store.sql.query('SELECT * FROM trace_spans WHERE trace_id = ?', [traceId]);
    const copy = received[0];
    for (const column of [
      'span_id',
      'kind',
      'layer',
      'model',
      'provider',
      'input_tokens',
      'output_tokens',
      'status',
      'user_id',
    ]) {
      assert.equal(copy?.[column], original?.[column], column);
    }
    assert.ok(Math.abs(Number(copy?.cost_usd) - Number(original?.cost_usd)) < 1e-12);
  });

  it('keel traces list / show / export', async () => {
    const list = await cli(tracesCommand, ['list', '--db', db, '--user', 'u2']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(traceId));
    const json = JSON.parse((await cli(tracesCommand, ['list', '--db', db, '--json', '--limit', '2'])).out);
    assert.equal(json.data.length, 2);
    assert.ok(json.nextCursor);
    const show = await cli(tracesCommand, ['show', traceId, '--db', db]);
    assert.equal(show.code, 0);
    assert.match(show.out, /└─ chat demo \[generation\/model\] ok/);
    const file = join(dir, 'out.jsonl');
    const exported = await cli(tracesCommand, [
      'export',
      '--since',
      '1h',
      '--format',
      'jsonl',
      '--out',
      file,
      '--db',
      db,
    ]);
    assert.equal(exported.code, 0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    assert.equal(lines[0].spans[0].kind, 'generation');
    const otlp = await cli(tracesCommand, ['export', '--format', 'otlp', '--db', db]);
    assert.equal(JSON.parse(otlp.out.split('\n')[0] as string).resourceSpans.length, 1);
    assert.equal((await cli(tracesCommand, ['list', '--db', db, '--status', 'weird'])).code, 2);
    assert.equal((await cli(tracesCommand, ['show', 'nope', '--db', db])).code, 1);
    assert.equal((await cli(tracesCommand, ['list', '--db', `sqlite:${join(dir, 'missing.db')}`])).code, 1);
  });

  it('keel feedback add, then keel stats --by model shows the score', async () => {
    const added = await cli(feedbackCommand, ['add', '--trace', traceId, '--value', '5', '--db', db]);
    assert.equal(added.code, 0, added.err);
    assert.equal(
      (await cli(feedbackCommand, ['add', '--trace', traceId, '--value', 'meh', '--db', db])).code,
      2,
    );
    const stats = await cli(statsCommand, ['--by', 'model', '--since', '1h', '--json', '--db', db]);
    assert.equal(stats.code, 0, stats.err);
    const rows = JSON.parse(stats.out).rows as Array<{
      group: string;
      count: number;
      scores: Record<string, { avg: number }>;
    }>;
    assert.equal(rows[0]?.group, 'demo');
    assert.equal(rows[0]?.count, 3);
    assert.equal(rows[0]?.scores['user-feedback']?.avg, 1);
    const table = await cli(statsCommand, ['--by', 'model', '--bucket', '1h', '--db', db]);
    assert.match(table.out, /demo\s+3/);
    assert.equal((await cli(statsCommand, ['--by', 'colour', '--db', db])).code, 2);
    const alerts = await cli(statsCommand, ['alerts', '--db', db]);
    assert.equal(alerts.code, 0);
  });

  it('keel feedback add refuses a request id that is not a UUID, and both ids at once', async () => {
    const notUuid = await cli(feedbackCommand, ['add', '--request', 'nope', '--value', 'up', '--db', db]);
    assert.equal(notUuid.code, 2);
    assert.match(notUuid.err, /--request: must be a Keel request id/);
    const both = await cli(feedbackCommand, [
      'add',
      ...['--trace', traceId, '--request', requestId, '--value', 'up', '--db', db],
    ]);
    assert.equal(both.code, 2);
    assert.match(both.err, /not both/);
    const byRequest = await cli(feedbackCommand, [
      'add',
      '--request',
      requestId,
      '--value',
      'up',
      '--db',
      db,
    ]);
    assert.equal(byRequest.code, 0, byRequest.err);
    assert.match(byRequest.out, new RegExp(`on trace ${traceId} `));
    const [stray] = await a.store.sql.query("SELECT COUNT(*) AS n FROM trace_scores WHERE trace_id = 'nope'");
    assert.equal(Number(stray?.n), 0);
  });

  it('keel traces show prints one line per fact and per score, control characters still inert', async () => {
    const comment = 'fine\nreally \u001b[31mred';
    const added = await cli(feedbackCommand, [
      'add',
      '--trace',
      traceId,
      '--value',
      'up',
      '--comment',
      comment,
      '--db',
      db,
    ]);
    assert.equal(added.code, 0, added.err);
    const show = await cli(tracesCommand, ['show', traceId, '--db', db]);
    assert.equal(show.code, 0, show.err);
    const lines = show.out.trimEnd().split('\n');
    assert.match(lines[0] as string, new RegExp(`^trace ${traceId} \\(tenant default\\)`));
    assert.match(lines[1] as string, /^ {2}\S+ {2}ok {2}\d+ms/);
    assert.ok(lines.includes('score user-feedback = 1 (feedback: fine?really ?[31mred)'), show.out);
    assert.ok(!show.out.includes('?score'), show.out);
  });

  it('keel traces export to a path that cannot be written is a one-line error', async () => {
    const out = join(dir, 'no-such-dir', 'x.jsonl');
    const exported = await cli(tracesCommand, ['export', '--since', '1h', '--out', out, '--db', db]);
    assert.equal(exported.code, 2);
    assert.equal(exported.err, `keel traces export: --out: cannot write ${out} (ENOENT)\n`);
  });
});
