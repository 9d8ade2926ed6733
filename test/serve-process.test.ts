import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createStore } from '../src/store/index.ts';
import { POSTGRES_URL, REDIS_URL, serviceSkip } from './services.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;

function startServe(args: string[], cwd: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'serve', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`keel serve did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`keel serve exited ${code}: ${out}`)));
  });
}

/** `keel serve` as a real process: the demo config, graceful SIGTERM, records flushed on exit. */
describe('keel serve process', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'keel-serve-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the demo model with no config file, streamed and not', async () => {
    const { child, url } = await startServe(['--port', '0'], dir);
    try {
      const plain = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'Hello' }] }),
      });
      assert.equal(plain.status, 200);
      const body = (await plain.json()) as { choices: Array<{ message: { content: string } }> };
      assert.ok(body.choices[0]?.message.content);
      const streamed = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
      });
      const text = await streamed.text();
      assert.match(text, /data: \[DONE\]/);
      assert.equal((await fetch(`${url}/ready`)).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('finishes an in-flight stream on SIGTERM, then flushes records and exits 0', async () => {
    const config = join(dir, 'keel.yaml');
    const db = join(dir, 'graceful.db');
    writeFileSync(
      config,
      `server: { port: 0, shutdownGraceMs: 10000 }
store: { url: "sqlite:${db}" }
providers: { sim: { type: sim, sim: { interTokenMs: 20, outputTokens: 30 } } }
models: { slow: { deployments: [{ provider: sim, model: s }] } }
`,
    );
    const { child, url } = await startServe(['--config', config], dir);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'slow',
        stream: true,
        messages: [{ role: 'user', content: 'take your time' }],
      }),
    });
    const id = response.headers.get('x-keel-request-id');
    const reader = response.body!.getReader();
    await reader.read();
    child.kill('SIGTERM');
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    assert.match(text, /data: \[DONE\]/, 'the in-flight stream completed');
    assert.equal(await exited, 0);
    const store = await createStore(`sqlite:${db}`);
    try {
      assert.ok(id);
      const record = await store.requests.get(id);
      assert.equal(record?.status, 200);
      assert.ok((record?.completionTokens ?? 0) > 0);
    } finally {
      await store.close();
    }
  });
});

describe('keel config check', () => {
  it('--help prints the usage and exits 0; no file is a usage error', () => {
    for (const args of [['--help'], ['check', '--help'], ['check', '-h']]) {
      const r = spawnSync(process.execPath, [MAIN, 'config', ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /^usage: keel config check FILE\n/);
    }
    const none = spawnSync(process.execPath, [MAIN, 'config', 'check'], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^usage: keel config check FILE\n/);
  });

  it('accepts a good file and names file:line:key for a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-check-'));
    try {
      const good = join(dir, 'good.yaml');
      writeFileSync(
        good,
        'providers: { sim: { type: sim } }\nmodels: { demo: { deployments: [{ provider: sim, model: s }] } }\n',
      );
      const ok = spawnSync(process.execPath, [MAIN, 'config', 'check', good], { encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /ok \(1 providers, 1 models\)/);

      const bad = join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        'providers:\n  sim:\n    type: sim\nmodels:\n  demo:\n    deployments:\n      - provider: sim\n        model: s\n        weight: -3\n',
      );
      const failed = spawnSync(process.execPath, [MAIN, 'config', 'check', bad], { encoding: 'utf8' });
      assert.equal(failed.status, 1);
      assert.match(
        failed.stderr,
        new RegExp(
          `${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:\\d+: models\\.demo\\.deployments\\.0\\.weight`,
        ),
      );

      const missing = spawnSync(process.execPath, [MAIN, 'config', 'check', join(dir, 'nope.yaml')], {
        encoding: 'utf8',
      });
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /file not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A start that fails after the store is open (a secret not set, the port taken) closes what it opened:
 * with a Postgres pool and Redis clients open, the process used to print the error and then hang.
 */
describe('keel serve failing to start', () => {
  let dir: string;
  let skip: string | false;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-serve-fail-'));
    skip = await serviceSkip('postgres');
    skip ||= await serviceSkip('redis');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const serve = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    spawnSync(process.execPath, [MAIN, 'serve', '--db', POSTGRES_URL, '--redis', REDIS_URL, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });

  it('an unset secret is a config error naming the file, and the process exits', (t) => {
    if (skip) return t.skip(skip);
    const file = join(dir, 'unset.yaml');
    writeFileSync(
      file,
      'providers:\n  oa: { type: openai, apiKey: { env: KEEL_QA_UNSET_KEY } }\nmodels:\n  m: { deployments: [{ provider: oa, model: x }] }\n',
    );
    const { KEEL_QA_UNSET_KEY: _unset, ...env } = process.env;
    const result = serve(['--config', file, '--port', '0'], env);
    assert.equal(result.signal, null, 'keel serve hung after failing to start');
    assert.equal(result.status, 2, result.stderr);
    assert.match(
      result.stderr,
      /invalid config\n.*unset\.yaml: provider oa: environment variable KEEL_QA_UNSET_KEY is not set/,
    );
  });

  it('a port in use fails and exits; a port out of range is a usage error before anything opens', async (t) => {
    if (skip) return t.skip(skip);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((blocker.address() as AddressInfo).port);
      const taken = serve(['--port', port]);
      assert.equal(taken.signal, null, 'keel serve hung after failing to start');
      assert.equal(taken.status, 1, taken.stderr);
      assert.match(taken.stderr, /EADDRINUSE/);
    } finally {
      blocker.close();
    }
    const range = serve(['--port', '99999']);
    assert.equal(range.status, 2);
    assert.match(range.stderr, /--port must be a number from 0 to 65535, got '99999'/);
  });
});
