import { parseArgs } from 'node:util';
import { createAuditLog } from '../../access/audit/audit-log.ts';
import type { AuditEntry, AuditVerifyResult } from '../../access/audit/audit-types.ts';
import { type ErrorCode, KeelError } from '../../errors/index.ts';
import { silentLogger } from '../../log/index.ts';
import type { Store } from '../../spec/index.ts';
import { assertStoreExists, createStore, parseStoreUrl } from '../../store/index.ts';
import { type CliIo, printJson, printRows, processIo, runSubcommands } from '../cli-kit.ts';
import { parseSince } from '../duration.ts';

export const summary = 'audit verify|list: check the hash chain of the audit log, or filter it';

const USAGE = `usage: keel audit verify [--db URL] [--print-head] [--anchor SEQ:HASH] [--json]
       keel audit list [--since 7d|ISO] [--until …] [--action key.*] [--actor ID] [--target T]
                       [--limit N] [--json] [--db URL]

  --db          store URL; default $KEEL_DB, else sqlite:.keel/keel.db
  --print-head  verify: print only the head as 'SEQ:HASH' (store it outside Keel: a later
                'verify --anchor SEQ:HASH' proves history up to it was not rewritten)
  --anchor      verify: also require row SEQ to still have hash HASH
  --action, --target  exact, or a glob with * (key.*, team:*)
  --since/--until     a duration before now (30m, 7d) or an ISO time

verify exit codes: 0 intact, 1 tampered (the first bad row is printed), 2 bad usage, 3 store unreadable
`;

/** Opens the store named by --db / KEEL_DB, refusing to create an empty SQLite file at a typo'd path. */
export async function openExistingStore(db: string | undefined, env: CliIo['env']): Promise<Store> {
  const url = db ?? env.KEEL_DB ?? 'sqlite:.keel/keel.db';
  let target: ReturnType<typeof parseStoreUrl>;
  try {
    target = parseStoreUrl(url);
  } catch (error) {
    // A malformed URL is bad usage (exit 2), unlike a store that cannot be opened.
    throw new KeelError('invalid_request', `--db: ${(error as Error).message}`);
  }
  assertStoreExists(target, 'pass --db or set KEEL_DB');
  return createStore(url);
}

const VERIFY_OPTIONS = {
  db: { type: 'string' },
  'print-head': { type: 'boolean' },
  anchor: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function verify(argv: string[], io: CliIo, usage: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: VERIFY_OPTIONS, strict: true });
  if (values.help) return help(io, usage);
  const anchor = values.anchor === undefined ? undefined : parseAnchor(values.anchor);
  const store = await openExistingStore(values.db, io.env);
  try {
    const audit = createAuditLog(store, { logger: silentLogger() });
    let result = await audit.verify();
    if (result.ok && anchor) result = await checkAnchor(audit.list, anchor, result);
    if (values.json) printJson(io, result);
    else if (!result.ok) io.out(`audit chain BROKEN at seq ${result.firstBadSeq}: ${result.reason}\n`);
    else if (values['print-head']) io.out(`${result.head?.seq}:${result.head?.hash}\n`);
    else io.out(`audit chain intact: ${result.rows} rows, head ${result.head?.seq}:${result.head?.hash}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

function parseAnchor(text: string): { seq: number; hash: string } {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!match)
    throw new KeelError('invalid_request', `--anchor: '${text}' must be SEQ:HASH as printed by --print-head`);
  return { seq: Number(match[1]), hash: match[2] as string };
}

async function checkAnchor(
  list: (q: { beforeSeq: number; limit: number }) => Promise<AuditEntry[]>,
  anchor: { seq: number; hash: string },
  result: AuditVerifyResult,
): Promise<AuditVerifyResult> {
  if (anchor.seq === 0) return result;
  const [row] = await list({ beforeSeq: anchor.seq + 1, limit: 1 });
  if (row?.seq === anchor.seq && row.hash === anchor.hash) return result;
  const found = row?.seq === anchor.seq ? `has hash ${row.hash}` : 'is missing';
  return {
    ok: false,
    rows: result.rows,
    firstBadSeq: anchor.seq,
    ...(row?.seq === anchor.seq ? { firstBadId: row.id } : {}),
    reason: `row seq ${anchor.seq} ${found}, not the anchored ${anchor.hash}: the chain up to the anchor was rewritten`,
  };
}

const LIST_OPTIONS = {
  db: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  action: { type: 'string' },
  actor: { type: 'string' },
  target: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function list(argv: string[], io: CliIo, usage: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: LIST_OPTIONS, strict: true });
  if (values.help) return help(io, usage);
  const now = io.now?.() ?? Date.now();
  const limit = values.limit ?? '100';
  if (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) {
    throw new KeelError('invalid_request', `--limit: '${limit}' must be a whole number from 1 to 1000`);
  }
  const query = {
    limit: Number(limit),
    ...(values.since === undefined ? {} : { since: parseSince(values.since, { now, name: '--since' }) }),
    ...(values.until === undefined ? {} : { until: parseSince(values.until, { now, name: '--until' }) }),
    ...(values.action === undefined ? {} : { action: values.action }),
    ...(values.actor === undefined ? {} : { actor: values.actor }),
    ...(values.target === undefined ? {} : { target: values.target }),
  };
  const store = await openExistingStore(values.db, io.env);
  try {
    const rows = await createAuditLog(store, { logger: silentLogger() }).list(query);
    // JSON keeps the entries whole; the table shows one line per entry.
    if (values.json) printJson(io, rows);
    else printRows(io, rows.map(tableRow), { json: false, columns: COLUMNS, empty: 'no audit events match' });
    return 0;
  } finally {
    await store.close();
  }
}

const COLUMNS = ['seq', 'time', 'actor', 'action', 'target'];

// printRows shows control and bidi characters inert: actor ids and targets come from callers.
const tableRow = (r: AuditEntry) => ({
  seq: String(r.seq),
  time: new Date(r.time).toISOString(),
  actor: `${r.actor.kind}:${r.actor.id}`,
  action: r.action,
  target: r.target,
});

function help(io: CliIo, usage: string): number {
  io.out(usage);
  return 0;
}

// Any failure to read the store means the chain could not be checked: 3, distinct from tampered (1).
const auditExit = (_code: ErrorCode) => 3;

/** The command, with its I/O injected. */
export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands('audit', argv, {
    io,
    usage: USAGE,
    subcommands: { verify, list },
    exitFor: auditExit,
  });
}

export async function run(argv: string[]): Promise<number> {
  return auditCommand(argv, processIo());
}
