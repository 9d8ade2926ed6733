import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { pino } from 'pino';
import { isKeelError, KeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';
import { createStore, parseStoreUrl } from '../../store/index.ts';
import { createAuditLog } from '../audit/index.ts';
import type { AdminCaller } from '../rbac/index.ts';
import { type AccessService, createAccessService } from './service.ts';

/**
 * Shared plumbing of the access CLI commands (keys, teams, projects, users, admin). They talk to
 * the store directly and go through the same service layer as the admin API, so validation, RBAC
 * and auditing are identical. Changes reach running replicas within the key-cache TTL (≤ 5 s).
 */

export interface AccessCliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  now?: () => number;
}

export const DB_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Someone with the database URL already controls everything: the CLI acts as an instance owner. */
export function cliCaller(env: AccessCliIo['env']): AdminCaller {
  let name = env.USER ?? env.USERNAME;
  try {
    name ??= userInfo().username;
  } catch {
    // No passwd entry (containers).
  }
  return { actor: { kind: 'cli', id: name || 'unknown' }, role: 'owner', meta: { via: 'cli' } };
}

export interface OpenedAccess {
  store: Store;
  service: AccessService;
  caller: AdminCaller;
}

/** Opens the store (it must exist unless `create`), runs `fn` with the service, closes the store. */
export async function withAccess<T>(
  options: { db: string | undefined; io: AccessCliIo; create?: boolean },
  fn: (opened: OpenedAccess) => Promise<T>,
): Promise<T> {
  const url = options.db ?? options.io.env.KEEL_DB ?? 'sqlite:.keel/keel.db';
  let target: ReturnType<typeof parseStoreUrl>;
  try {
    target = parseStoreUrl(url);
  } catch (error) {
    throw new KeelError('invalid_request', `--db: ${(error as Error).message}`);
  }
  const path = target.kind === 'sqlite' ? target.path : undefined;
  if (path !== undefined && path !== ':memory:' && !existsSync(path) && !options.create) {
    throw new KeelError(
      'store_unavailable',
      `no database at ${path} (run 'keel admin create-token' or 'keel serve' first, or pass --db / set KEEL_DB)`,
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

// Control and bidi characters in names could disguise the terminal output; show them inert.
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
const clean = (text: string) => text.replace(CONTROL, '?');

/** Rows as an aligned table with a header line. */
export function table(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => clean(row[c] === null || row[c] === undefined ? '-' : String(row[c]))),
  );
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (parts: string[]) =>
    `${parts
      .map((p, i) => p.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd()}\n`;
  return line([...columns]) + cells.map(line).join('');
}

/** Prints rows as JSON or a table; an empty list says so on stderr. */
export function printRows(
  io: AccessCliIo,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { json: boolean | undefined; columns: readonly string[]; empty: string },
): void {
  if (options.json) io.out(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) io.err(`${options.empty}\n`);
  else io.out(table(rows, options.columns));
}

export function usageError(message: string): KeelError {
  return new KeelError('invalid_request', message);
}

export type Subcommand = (argv: string[], io: AccessCliIo) => Promise<number>;

/**
 * Dispatches `keel NAME SUB …` and maps failures to exit codes: 2 bad usage (bad flags, invalid
 * values: the same 400s the API gives), 1 anything else (not found, conflict, store trouble).
 */
export async function runSubcommands(
  name: string,
  argv: string[],
  context: { io: AccessCliIo; usage: string; subcommands: Record<string, Subcommand> },
): Promise<number> {
  const { io, usage, subcommands } = context;
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub ? io.out : io.err)(usage);
    return sub ? 0 : 2;
  }
  const command = subcommands[sub];
  if (!command) {
    io.err(`keel ${name}: unknown subcommand '${sub}'\n${usage}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    const parseArgs =
      error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    if (parseArgs || (isKeelError(error) && error.code === 'invalid_request')) {
      io.err(`keel ${name} ${sub}: ${message}\n`);
      return 2;
    }
    if (isKeelError(error)) {
      io.err(`keel ${name} ${sub}: ${message}\n`);
      return 1;
    }
    throw error;
  }
}
