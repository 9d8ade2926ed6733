import { existsSync } from 'node:fs';
import { isKeelError, KeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';
import { createStore, parseStoreUrl } from '../../store/index.ts';

/**
 * Shared plumbing of `keel eval` subcommands. Data lives in the store (`--db`, default $KEEL_DB or
 * sqlite:.keel/keel.db, the same database `keel serve` uses); model calls go to a running Keel
 * (`--url`, default $KEEL_URL or http://127.0.0.1:4141). Exit codes: 0 ok, 1 a negative verdict
 * (gate or calibration failed), 2 usage or config error, 3 run error (store, gateway, a failed run).
 */

export interface EvalIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** stderr is a terminal: draw a live progress bar instead of periodic lines. */
  isTTY: boolean;
  signal?: AbortSignal;
  cwd?: string;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, error: 3 } as const;

export function usage(message: string): KeelError {
  return new KeelError('invalid_request', message);
}

export function dbUrl(values: { db?: string | undefined }, io: EvalIo): string {
  return values.db ?? io.env.KEEL_DB ?? 'sqlite:.keel/keel.db';
}

export function gatewayUrl(values: { url?: string | undefined }, io: EvalIo): string {
  const url = values.url ?? io.env.KEEL_URL ?? 'http://127.0.0.1:4141';
  try {
    new URL(url);
  } catch {
    throw usage(`--url: '${url}' is not a URL`);
  }
  return url;
}

export function apiKey(values: { 'api-key'?: string | undefined }, io: EvalIo): string | undefined {
  return values['api-key'] ?? io.env.KEEL_API_KEY;
}

/** Opens the store; `mustExist` refuses to create an empty SQLite file at a mistyped path. */
export async function openStore(url: string, mustExist: boolean): Promise<Store> {
  const target = parseStoreUrl(url);
  if (mustExist && target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw new KeelError('store_unavailable', `no database at ${target.path} (pass --db or set KEEL_DB)`);
  }
  return createStore(url);
}

export async function withStore<T>(
  url: string,
  mustExist: boolean,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(url, mustExist);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function number(
  text: string | undefined,
  flag: string,
  range: { min: number; max: number; integer?: boolean },
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    value < range.min ||
    value > range.max ||
    (range.integer && !Number.isInteger(value))
  ) {
    throw usage(
      `${flag}: '${text}' must be ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`,
    );
  }
  return value;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Maps a thrown error to an exit code and a message on stderr. */
export function exitFor(error: unknown, io: EvalIo, command: string): number {
  const parseArgs =
    error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
  // budget_exceeded reaches here only from the pre-run estimate (--max-cost): a refusal to start.
  const usageCodes = new Set(['invalid_request', 'config_invalid', 'budget_exceeded']);
  if (parseArgs || (isKeelError(error) && usageCodes.has(error.code))) {
    io.err(`keel eval ${command}: ${describe(error)}\n`);
    return EXIT.usage;
  }
  if (isKeelError(error)) {
    io.err(`keel eval ${command}: ${error.message}\n`);
    return EXIT.error;
  }
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('E')
  ) {
    io.err(`keel eval ${command}: ${error.message}\n`);
    return EXIT.error;
  }
  throw error;
}

/** Control and bidi characters from stored text are shown inert on a terminal. */
export const clean = (text: string) => text.replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '?');
