import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { configSchema } from '../src/config/index.ts';
import type { KeelModule } from '../src/gateway/module.ts';
import { type RunningKeel, startKeel } from '../src/gateway/start.ts';

// A route with a bug: it throws a plain Error whose message quotes request data.
const buggy: KeelModule = {
  name: 'buggy',
  start: async () => ({
    routes: (app) => {
      app.get('/api/buggy', async () => {
        throw new TypeError('cannot read secret sk-live-123456 of undefined');
      });
    },
  }),
};

describe('unexpected 500s', () => {
  const lines: string[] = [];
  let keel: RunningKeel;
  before(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = configSchema.parse({
      server: { port: 0 },
      store: { url: 'sqlite::memory:' },
      providers: { sim: { type: 'sim' } },
      models: { m: { deployments: [{ provider: 'sim', model: 'sim-1' }] } },
    });
    keel = await startKeel({ config, logger: pino({ level: 'info' }, sink), modules: [buggy] });
  });
  after(async () => {
    await keel.close();
  });

  it('are logged with the error name and stack frames, never the message', async () => {
    const response = await fetch(`${keel.url}/api/buggy`);
    assert.equal(response.status, 500);
    const body = await response.text();
    assert.ok(!body.includes('sk-live-123456'), body);
    const logged = lines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'unexpected error answered with a 500');
    assert.ok(logged, lines.join('\n'));
    assert.equal(logged.err.name, 'TypeError');
    assert.equal(logged.route, '/api/buggy');
    assert.ok(logged.err.frames.length > 0);
    assert.ok(!lines.join('\n').includes('sk-live-123456'));
  });
});
