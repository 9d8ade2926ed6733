import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isKeelError, KeelError } from '../../errors/index.ts';
import { createStore, type KeelStore, parseStoreUrl } from '../../store/index.ts';
import { FILTER_KEYS, filtersFromQuery, type TraceFilters } from './filters.ts';
import { parseInput } from './parse-query.ts';

/**
 * Shared by `keel traces|stats|erase|feedback` (src/cli/commands): store access, filter flags
 * (the same names and validation as the HTTP query string, in kebab-case) and error → exit code.
 */

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  now?: () => number;
}

export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});

/** `--db`, else $KEEL_DB, else the embedded default; a reading command never creates a database. */
export async function openStore(
  db: string | undefined,
  io: CliIo,
  o: { create?: boolean } = {},
): Promise<KeelStore> {
  const url = db ?? io.env.KEEL_DB ?? 'sqlite:.keel/keel.db';
  const target = parseStoreUrl(url);
  if (!o.create && target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw new KeelError(
      'store_unavailable',
      `no database at ${target.path} (start 'keel serve' first, or pass --db / set KEEL_DB)`,
    );
  }
  return createStore(url);
}

/** parseArgs options for every filter: `--prompt-version`, `--min-latency-ms`, … */
export const FILTER_OPTIONS = Object.fromEntries(
  Object.keys(FILTER_KEYS).map((key) => [
    key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    { type: 'string' as const },
  ]),
) as Record<string, { type: 'string' }>;

const filterSchema = z.strictObject(FILTER_KEYS).partial();
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Filters from parsed flags (unknown keys are the caller's own options and are skipped). */
export function filtersFromFlags(values: Record<string, unknown>, now: number): TraceFilters {
  const query: Record<string, unknown> = {};
  for (const flag of Object.keys(FILTER_OPTIONS))
    if (values[flag] !== undefined) query[camel(flag)] = values[flag];
  try {
    return filtersFromQuery(parseInput(filterSchema, query), now);
  } catch (error) {
    // Name the flag, not the query parameter.
    if (isKeelError(error) && error.param) {
      const flag = `--${error.param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new KeelError('invalid_request', error.message.replace(`'${error.param}'`, flag));
    }
    throw error;
  }
}

export function usageError(message: string): KeelError {
  return new KeelError('invalid_request', message);
}

export function wholeNumber(
  text: string | undefined,
  flag: string,
  range: { min: number; max: number },
): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw usageError(`${flag}: '${text}' must be a whole number from ${range.min} to ${range.max}`);
  }
  return value;
}

/** Runs a command body: usage errors → exit 2, store/other Keel errors → 1, with one clear line. */
export async function runCli(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const usage = error instanceof TypeError && String(code).startsWith('ERR_PARSE_ARGS');
    if (
      usage ||
      (isKeelError(error) && (error.code === 'invalid_request' || error.code === 'config_invalid'))
    ) {
      io.err(`keel ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    if (isKeelError(error)) {
      io.err(`keel ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// Control and bidi-override characters in stored names could rewrite the terminal; show them inert.
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
export const clean = (text: string): string => text.replace(CONTROL, '?');

/** A left-aligned table (numbers right-aligned) sized to its contents. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
): string {
  const cells = rows.map((r) => r.map((c) => clean(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    `${r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()}\n`;
  return line(headers) + cells.map(line).join('');
}

export const fmtMs = (ms: number | null): string =>
  ms === null ? '-' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
export const fmtUsd = (usd: number): string =>
  usd === 0 ? '0' : usd < 0.01 ? usd.toFixed(6) : usd.toFixed(4);
export const fmtRate = (r: number | null): string => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);
