import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ErrorCode } from '../../errors/index.ts';
import type { RequestQuery, RequestRecord, Store } from '../../spec/index.ts';
import {
  assertStoreExists,
  createStore,
  MAX_LIST_LIMIT,
  parseStoreUrl,
  uuidv7Floor,
  uuidv7Time,
} from '../../store/index.ts';
import { type CliIo, printJson, processIo, runSubcommands, terminalSafe, usageError } from '../cli-kit.ts';
import { parseDuration, parseSince } from '../duration.ts';

export const summary = 'requests list|tail: show recorded gateway requests';

const USAGE = `usage: keel requests list [--since 1h|30m|7d|ISO] [--until …] [--model M] [--user U] [--status N]
                          [--limit N] [--json] [--db URL]
       keel requests tail [--model M] [--user U] [--status N] [--interval ms] [--window 2m] [--json] [--db URL]

  --db        store URL; default $KEEL_DB, else sqlite:.keel/keel.db
  --since     start of the window: a duration before now (30m, 1h, 7d) or an ISO time; --until ends it
  --limit     rows to show, newest first (default 100, max ${MAX_LIST_LIMIT})
  --json      list: one JSON array; tail: one JSON object per line
  --interval  tail: poll period (default 1000 ms)
  --window    tail: how far back each poll looks, so requests that finish late still appear (default 2m)
`;

export interface RequestsIo extends CliIo {
  /** Ends `tail` (SIGINT in the real command). */
  signal?: AbortSignal;
}

const FILTERS = {
  model: { type: 'string' },
  user: { type: 'string' },
  status: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const LIST_OPTIONS = {
  ...FILTERS,
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
} as const;
const TAIL_OPTIONS = { ...FILTERS, interval: { type: 'string' }, window: { type: 'string' } } as const;

function integer(text: string, flag: string, range: { min: number; max: number }): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw usageError(`${flag}: '${text}' must be a whole number from ${range.min} to ${range.max}`);
  }
  return value;
}

type Values = { model?: string; user?: string; status?: string };

function filters(values: Values): RequestQuery {
  const query: RequestQuery = {};
  if (values.model !== undefined) query.model = values.model;
  if (values.user !== undefined) query.user = values.user;
  if (values.status !== undefined) query.status = integer(values.status, '--status', { min: 100, max: 999 });
  return query;
}

function formatCost(usd: number): string {
  return usd === 0 ? '0' : usd < 0.01 ? usd.toFixed(6) : usd.toFixed(4);
}

const COLUMNS: { title: string; width: number; right?: boolean; cell(r: RequestRecord): string }[] = [
  { title: 'time', width: 24, cell: (r) => new Date(r.startedAt).toISOString() },
  { title: 'id', width: 36, cell: (r) => r.id },
  { title: 'model', width: 16, cell: (r) => r.model },
  { title: 'deployment', width: 20, cell: (r) => r.deployment ?? '-' },
  { title: 'status', width: 6, cell: (r) => (r.errorCode ? `${r.status} ${r.errorCode}` : String(r.status)) },
  { title: 'latency_ms', width: 10, right: true, cell: (r) => String(Math.round(r.latencyMs)) },
  {
    title: 'tokens_in/out',
    width: 13,
    right: true,
    cell: (r) => `${r.promptTokens}/${r.completionTokens}${r.tokensEstimated ? '~' : ''}`,
  },
  { title: 'cost_usd', width: 10, right: true, cell: (r) => formatCost(r.costUsd) },
  { title: 'cache', width: 5, cell: (r) => r.cache },
];

function formatLine(cells: string[], widths: number[]): string {
  const padded = cells.map((cell, i) =>
    COLUMNS[i]?.right ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number),
  );
  return `${padded.join('  ').trimEnd()}\n`;
}

/** Rows as a table; widths fit the data (list) or stay fixed so streamed rows line up (tail). */
export function formatTable(
  rows: readonly RequestRecord[],
  options: { header: boolean; fit: boolean },
): string {
  // Control and bidi-override characters in caller-supplied names could rewrite or disguise the
  // screen; show them inert.
  const cells = rows.map((row) => COLUMNS.map((column) => terminalSafe(column.cell(row))));
  const widths = COLUMNS.map((column, i) =>
    Math.max(
      column.title.length,
      options.fit ? 0 : column.width,
      ...cells.map((c) => (c[i] as string).length),
    ),
  );
  const header = options.header
    ? formatLine(
        COLUMNS.map((column) => column.title),
        widths,
      )
    : '';
  return header + cells.map((c) => formatLine(c, widths)).join('');
}

async function openStore(values: { db?: string }, io: RequestsIo): Promise<Store> {
  const url = values.db ?? io.env.KEEL_DB ?? 'sqlite:.keel/keel.db';
  assertStoreExists(parseStoreUrl(url), "start 'keel serve' first, or pass --db / set KEEL_DB");
  return createStore(url);
}

async function list(argv: string[], io: RequestsIo, usage: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: LIST_OPTIONS, strict: true });
  if (values.help) return help(io, usage);
  const now = io.now?.() ?? Date.now();
  const query = filters(values);
  if (values.since !== undefined) query.since = parseSince(values.since, { now, name: '--since' });
  if (values.until !== undefined) query.until = parseSince(values.until, { now, name: '--until' });
  query.limit =
    values.limit === undefined ? 100 : integer(values.limit, '--limit', { min: 1, max: MAX_LIST_LIMIT });
  const store = await openStore(values, io);
  try {
    const rows = await store.requests.list(query);
    if (values.json) printJson(io, rows);
    else if (rows.length === 0) io.err('no requests match\n');
    else io.out(formatTable(rows, { header: true, fit: true }));
    return 0;
  } finally {
    await store.close();
  }
}

const PAGE = 1000;

async function tail(argv: string[], io: RequestsIo, usage: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: TAIL_OPTIONS, strict: true });
  if (values.help) return help(io, usage);
  const query = filters(values);
  const intervalMs = parseDuration(values.interval ?? '1000', { bareUnit: 'ms', name: '--interval' });
  const windowMs = parseDuration(values.window ?? '2m', { name: '--window' });
  if (intervalMs < 10) throw usageError(`--interval: must be at least 10 ms`);
  const now = io.now ?? Date.now;
  const store = await openStore(values, io);
  // Ids carry the request's start time, but records land when requests end: each poll re-reads the
  // window by id and skips ids already shown, so a slow request that finishes late is not missed.
  const seen = new Map<string, number>();
  const show = (rows: readonly RequestRecord[], header = false) => {
    const fresh = rows.filter((row) => !seen.has(row.id));
    for (const row of fresh) seen.set(row.id, uuidv7Time(row.id));
    if (values.json) io.out(fresh.map((row) => `${JSON.stringify(row)}\n`).join(''));
    else if (fresh.length > 0 || header) io.out(formatTable(fresh, { header, fit: false }));
  };
  try {
    show((await store.requests.list({ ...query, limit: 10 })).reverse(), !values.json);
    while (!io.signal?.aborted) {
      await sleep(intervalMs, undefined, { signal: io.signal }).catch(() => undefined);
      if (io.signal?.aborted) break;
      const from = now() - windowMs;
      try {
        let cursor = uuidv7Floor(from);
        for (let page = await store.requests.list({ ...query, afterId: cursor, limit: PAGE }); ; ) {
          show(page);
          if (page.length < PAGE) break;
          cursor = (page.at(-1) as RequestRecord).id;
          page = await store.requests.list({ ...query, afterId: cursor, limit: PAGE });
        }
      } catch (error) {
        io.err(`keel requests tail: ${describe(error)} (retrying)\n`);
      }
      for (const [id, ms] of seen) if (ms < from) seen.delete(id);
    }
    return 0;
  } finally {
    await store.close();
  }
}

function help(io: RequestsIo, usage: string): number {
  io.out(usage);
  return 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A malformed --db is bad usage too.
const requestsExit = (code: ErrorCode) => (code === 'config_invalid' ? 2 : undefined);

/** The command, with its I/O injected. Exit codes: 0 ok, 1 store trouble, 2 bad usage. */
export async function requestsCommand(argv: string[], io: RequestsIo): Promise<number> {
  return runSubcommands('requests', argv, {
    io,
    usage: USAGE,
    subcommands: { list, tail },
    exitFor: requestsExit,
  });
}

export async function run(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  // Only tail runs until interrupted; other subcommands keep Ctrl-C's default behaviour.
  if (argv[0] === 'tail') process.once('SIGINT', stop);
  try {
    return await requestsCommand(argv, { ...processIo(), signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
  }
}
