/**
 * Finds the real Postgres and Redis for integration tests. Without them a test prints a clear
 * "skipped: no Postgres at …" line; with KEEL_REQUIRE_SERVICES=1 (set by .ci/run) it fails instead.
 */
import { connect } from 'node:net';

export const POSTGRES_URL = process.env.KEEL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.KEEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(5000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Returns a skip reason (string) when the service is absent and skipping is allowed, else false. */
export async function serviceSkip(kind: 'postgres' | 'redis'): Promise<string | false> {
  const url = kind === 'postgres' ? POSTGRES_URL : REDIS_URL;
  if (await reachable(url)) return false;
  const label = kind === 'postgres' ? 'Postgres' : 'Redis';
  const message = `skipped: no ${label} at ${new URL(url).host}`;
  if (process.env.KEEL_REQUIRE_SERVICES === '1') {
    throw new Error(`${message} and KEEL_REQUIRE_SERVICES=1`);
  }
  process.stdout.write(`${message}\n`);
  return message;
}
