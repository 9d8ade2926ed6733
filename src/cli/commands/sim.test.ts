import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simOptionsSchema } from '../../config/schema.ts';
import { parseSimArgs, run } from './sim.ts';

describe('keel sim: flags', () => {
  it('parses every option into validated SimOptions', () => {
    const args = parseSimArgs([
      '--port=0',
      '--host',
      '127.0.0.1',
      '--latency-ms',
      '5',
      '--ttft-ms',
      '7',
      '--inter-token-ms',
      '2.5',
      '--output-tokens',
      '12',
      '--error-rate',
      '0.1',
      '--error-status',
      '429',
      '--retry-after-seconds',
      '4',
      '--embedding-dim',
      '128',
      '--context-window',
      '4096',
    ]);
    assert.deepEqual(args, {
      help: false,
      port: 0,
      host: '127.0.0.1',
      options: simOptionsSchema.parse({
        latencyMs: 5,
        ttftMs: 7,
        interTokenMs: 2.5,
        outputTokens: 12,
        errorRate: 0.1,
        errorStatus: 429,
        retryAfterSeconds: 4,
        embeddingDim: 128,
        contextWindow: 4096,
      }),
    });
    assert.equal(parseSimArgs(['--error-status', 'disconnect']).help === false, true);
    assert.deepEqual(parseSimArgs(['-h']), { help: true });
  });

  it('rejects bad flags with a message naming the flag', () => {
    assert.throws(() => parseSimArgs(['--error-rate', '2']), /--error-rate/);
    assert.throws(() => parseSimArgs(['--error-status', '404']), /--error-status/);
    assert.throws(() => parseSimArgs(['--output-tokens', 'lots']), /--output-tokens/);
    assert.throws(() => parseSimArgs(['--port', '70000']), /--port/);
    assert.throws(() => parseSimArgs(['--bogus']), /bogus/);
  });

  it('exits 2 on bad flags', async () => {
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      assert.equal(await run(['--error-rate', 'x']), 2);
    } finally {
      process.stderr.write = write;
    }
  });
});

describe('keel sim: process', () => {
  it('prints its URL, serves, and exits 0 on SIGTERM', { timeout: 30_000 }, async () => {
    const main = fileURLToPath(new URL('../main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, 'sim', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      while (!out.includes('\n')) {
        const [chunk] = await once(child.stdout, 'data');
        out += chunk;
      }
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      assert.ok(url, out);
      const models = await fetch(`${url}/v1/models`);
      assert.equal(models.status, 200);
      assert.equal(JSON.parse(await models.text()).object, 'list');
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
