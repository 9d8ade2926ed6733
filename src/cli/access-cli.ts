import { pino } from 'pino';
import { type AccessService, createAccessService } from '../access/admin/index.ts';
import { createAuditLog } from '../access/audit/index.ts';
import type { AdminCaller } from '../access/rbac/index.ts';
import { KeelError } from '../errors/index.ts';
import type { Store } from '../spec/index.ts';
import { assertStoreExists, createStore, parseStoreUrl } from '../store/index.ts';
import { type CliIo, cliUserName } from './cli-kit.ts';

/**
 * What the access commands (keys, teams, projects, users, admin) share: they talk to the store
 * directly and go through the same service layer as the admin API, so validation, RBAC and
 * auditing are identical. Changes reach running replicas within the key-cache TTL (≤ 5 s).
 */

export const DB_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Someone with the database URL already controls everything: the CLI acts as an instance owner. */
export function cliCaller(env: CliIo['env']): AdminCaller {
  return { actor: { kind: 'cli', id: cliUserName(env) }, role: 'owner', meta: { via: 'cli' } };
}

export interface OpenedAccess {
  store: Store;
  service: AccessService;
  caller: AdminCaller;
}

/** Opens the store (it must exist unless `create`), runs `fn` with the service, closes the store. */
export async function withAccess<T>(
  options: { db: string | undefined; io: CliIo; create?: boolean },
  fn: (opened: OpenedAccess) => Promise<T>,
): Promise<T> {
  const url = options.db ?? options.io.env.KEEL_DB ?? 'sqlite:.keel/keel.db';
  let target: ReturnType<typeof parseStoreUrl>;
  try {
    target = parseStoreUrl(url);
  } catch (error) {
    throw new KeelError('invalid_request', `--db: ${(error as Error).message}`);
  }
  if (!options.create) {
    assertStoreExists(
      target,
      "run 'keel admin create-token' or 'keel serve' first, or pass --db / set KEEL_DB",
    );
  }
  const store = await createStore(url);
  try {
    // Audit write failures must reach the terminal; stdout may be --json.
    const audit = createAuditLog(store, { logger: pino({ level: 'warn' }, pino.destination(2)) });
    const service = createAccessService({
      sql: store.sql,
      audit,
      ...(options.io.now ? { now: options.io.now } : {}),
    });
    return await fn({ store, service, caller: cliCaller(options.io.env) });
  } finally {
    await store.close();
  }
}
