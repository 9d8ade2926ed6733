import type { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportJsonl, toOtlpJson } from '../../traces/export/index.ts';
import type { SpanRow } from '../../traces/model.ts';
import {
  type CliIo,
  clean,
  FILTER_OPTIONS,
  filtersFromFlags,
  fmtMs,
  fmtUsd,
  openStore,
  processIo,
  runCli,
  table,
  usageError,
  wholeNumber,
} from '../../traces/query/cli-kit.ts';
import {
  getTrace,
  listTraces,
  MAX_TRACE_LIMIT,
  type SpanNode,
  TenantDirectory,
  type TraceSummary,
} from '../../traces/query/index.ts';
import { openOutFile, outFileError } from '../out-file.ts';

export const summary = 'traces list|show|export: browse and export stored traces';

const USAGE = `usage: keel traces list [filters] [--limit N] [--cursor C] [--json] [--db URL]
       keel traces show TRACE_ID [--tenant T] [--json] [--db URL]
       keel traces export [filters] [--format jsonl|otlp] [--out FILE] [--db URL]

filters: --since 24h|ISO  --until …  --tenant T  --model M  --provider P  --deployment D
         --prompt NAME  --prompt-version V  --user U  --session S  --team T  --feature F  --name N
         --tag T  --source otlp|langfuse|gateway  --status ok|error|unset
         --layer model|knowledge|interaction|safety|operations
         --score NAME [--score-min X] [--score-max Y]  --min-cost USD  --max-cost USD
         --min-latency-ms MS  --max-latency-ms MS
  --db      store URL; default $KEEL_DB, else sqlite:.keel/keel.db
  --json    list: {data, nextCursor}; show: the trace with its span tree and scores
  --format  export: jsonl (one trace per line with spans and scores, default) or otlp (one
            OTLP/JSON ExportTraceServiceRequest per line and trace)
`;

const LIST = {
  ...FILTER_OPTIONS,
  limit: { type: 'string' },
  cursor: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const SHOW = {
  tenant: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const EXPORT = {
  ...FILTER_OPTIONS,
  format: { type: 'string' },
  out: { type: 'string' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function listTable(rows: readonly TraceSummary[]): string {
  return table(
    ['time', 'trace', 'tenant', 'name', 'model', 'status', 'spans', 'latency', 'tokens', 'cost_usd', 'user'],
    rows.map((t) => [
      t.startTime,
      t.traceId,
      t.tenant,
      t.name ?? '-',
      t.model ?? '-',
      t.status,
      String(t.spanCount),
      fmtMs(t.durationMs),
      String(t.totalTokens),
      fmtUsd(t.costUsd),
      t.userId ?? '-',
    ]),
    new Set([6, 7, 8, 9]),
  );
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: LIST, strict: true });
  if (values.help) return help(io);
  const filters = filtersFromFlags(values, io.now?.() ?? Date.now());
  const limit = wholeNumber(values.limit, '--limit', { min: 1, max: MAX_TRACE_LIMIT }) ?? 50;
  const store = await openStore(values.db, io);
  try {
    const page = await listTraces(store.sql, new TenantDirectory(store.sql), {
      scope: undefined,
      filters,
      limit,
      ...(values.cursor ? { cursor: values.cursor } : {}),
    });
    if (values.json) io.out(`${JSON.stringify(page, null, 2)}\n`);
    else if (page.data.length === 0) io.err('no traces match\n');
    else {
      io.out(listTable(page.data));
      if (page.nextCursor) io.err(`more: --cursor ${page.nextCursor}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

function spanLine(s: SpanNode): string {
  const facts = [
    `[${s.kind}/${s.layer}]`,
    s.status === 'error' ? `ERROR${s.statusMessage ? ` ${s.statusMessage.slice(0, 80)}` : ''}` : s.status,
    fmtMs(s.durationMs),
    s.model ?? '',
    s.inputTokens !== null || s.outputTokens !== null
      ? `${s.inputTokens ?? 0}→${s.outputTokens ?? 0} tok`
      : '',
    s.costUsd ? `$${fmtUsd(s.costUsd)}` : '',
    s.verdict ? `verdict ${s.verdict}` : '',
    s.orphan ? `(parent ${s.parentId} missing)` : '',
  ];
  return `${s.name} ${facts.filter(Boolean).join(' ')}`;
}

function tree(nodes: readonly SpanNode[], prefix = ''): string {
  return nodes
    .map((node, i) => {
      const last = i === nodes.length - 1;
      const line = `${prefix}${last ? '└─ ' : '├─ '}${clean(spanLine(node))}\n`;
      return line + tree(node.children, `${prefix}${last ? '   ' : '│  '}`);
    })
    .join('');
}

async function show(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: SHOW,
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return help(io);
  const [id] = positionals;
  if (!id || positionals.length > 1) throw usageError('show takes one trace id');
  const store = await openStore(values.db, io);
  try {
    const view = await getTrace(store.sql, new TenantDirectory(store.sql), {
      scope: undefined,
      traceId: id,
      ...(values.tenant ? { tenant: values.tenant } : {}),
    });
    if (!view) {
      io.err(`keel traces show: trace '${clean(id)}' not found\n`);
      return 1;
    }
    if (values.json) {
      io.out(`${JSON.stringify(view, null, 2)}\n`);
      return 0;
    }
    const t = view.trace;
    // clean() each stored value, not the assembled text: it would turn the layout's own newlines into '?'.
    io.out(
      `trace ${clean(t.traceId)} (tenant ${clean(t.tenant)}) ${clean(t.name ?? '')}\n  ${t.startTime}  ${t.status}  ${fmtMs(t.durationMs)}  ` +
        `${t.totalTokens} tokens  $${fmtUsd(t.costUsd)}  model ${clean(t.model ?? '-')}  user ${clean(t.userId ?? '-')}  layers ${clean(t.layers.join(',') || '-')}\n`,
    );
    io.out(tree(view.spans));
    if (view.truncated) io.out(`(showing the first ${view.spanCount} spans)\n`);
    for (const s of view.scores) {
      const value = clean(String(s.value ?? s.stringValue));
      const comment = s.comment ? `: ${clean(s.comment)}` : '';
      io.out(`score ${clean(s.name)} = ${value} (${clean(s.source)}${comment})\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function exportTraces(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: EXPORT, strict: true });
  if (values.help) return help(io);
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'otlp')
    throw usageError(`--format: '${format}' must be jsonl or otlp`);
  const filters = filtersFromFlags(values, io.now?.() ?? Date.now());
  const store = await openStore(values.db, io);
  let file: WriteStream | null = null;
  try {
    file = values.out ? await openOutFile(values.out) : null;
    const out = file;
    const write = (line: string) =>
      out
        ? new Promise<void>((resolve, reject) =>
            out.write(line, (e) => (e ? reject(outFileError(values.out as string, e)) : resolve())),
          )
        : io.out(line);
    const count = await exportJsonl(store.sql, new TenantDirectory(store.sql), {
      scope: undefined,
      filters,
      write: format === 'jsonl' ? write : (line) => write(`${JSON.stringify(otlpOf(line))}\n`),
    });
    if (out) {
      out.end();
      await finished(out).catch((error: unknown) => {
        throw outFileError(values.out as string, error);
      });
    }
    io.err(`exported ${count} traces\n`);
    return 0;
  } finally {
    if (file && !file.writableFinished) file.destroy();
    await store.close();
  }
}

/** An unusable --out path is a bad flag (exit 2); a write failing later (disk full) is exit 1. */
/** A JSONL export line as an OTLP request (the stored rows carry everything the mapping needs). */
function otlpOf(line: string): unknown {
  const t = JSON.parse(line) as { tenant: string; traceId: string; spans: Array<Record<string, unknown>> };
  const spans = t.spans.map(
    (s) =>
      ({
        ...s,
        tenant: t.tenant,
        traceId: t.traceId,
        metadata: JSON.stringify(s.metadata ?? {}),
        input: s.input === null ? null : JSON.stringify(s.input),
        output: s.output === null ? null : JSON.stringify(s.output),
        partial: false,
      }) as unknown as SpanRow,
  );
  return toOtlpJson(spans);
}

function help(io: CliIo): number {
  io.out(USAGE);
  return 0;
}

/** The command with its I/O injected. Exit codes: 0 ok, 1 not found / store trouble, 2 bad usage. */
export async function tracesCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  return runCli(`traces ${sub ?? ''}`.trim(), io, async () => {
    if (sub === 'list') return list(rest, io);
    if (sub === 'show') return show(rest, io);
    if (sub === 'export') return exportTraces(rest, io);
    if (sub === '--help' || sub === '-h' || sub === 'help') return help(io);
    io.err(sub ? `keel traces: unknown subcommand '${sub}'\n${USAGE}` : USAGE);
    return 2;
  });
}

export function run(argv: string[]): Promise<number> {
  return tracesCommand(argv, processIo());
}
