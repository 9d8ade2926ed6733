import { parseArgs } from 'node:util';
import { isKeelError, KeelError } from '../../errors/index.ts';
import {
  type FeedbackInput,
  findRequestTrace,
  parseFeedback,
  requestTraceId,
} from '../../traces/feedback/index.ts';
import { feedbackScore } from '../../traces/feedback/to-score.ts';
import { DEFAULT_TENANT } from '../../traces/ingest/auth.ts';
import { type CliIo, openStore, processIo, runCli, usageError } from '../../traces/query/cli-kit.ts';
import { writeBatch } from '../../traces/write-batch.ts';

export const summary =
  'feedback add: record user feedback (thumbs, 1-5, 0-1) or an implicit signal on a trace';

const USAGE = `usage: keel feedback add (--trace ID | --request ID) (--value up|down|1-5|0..1 [--scale thumbs|1-5|0-1]
                        | --signal copy|regenerate|edit|abandon|…) [--name N] [--comment TEXT]
                        [--user U] [--tenant T] [--db URL]

Writes the score straight to the store (what POST /v1/feedback does on a running Keel).
`;

const OPTIONS = {
  trace: { type: 'string' },
  request: { type: 'string' },
  value: { type: 'string' },
  scale: { type: 'string' },
  signal: { type: 'string' },
  name: { type: 'string' },
  comment: { type: 'string' },
  user: { type: 'string' },
  tenant: { type: 'string' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FLAGS: Record<string, string> = {
  traceId: '--trace',
  requestId: '--request',
  value: '--value',
  scale: '--scale',
  signal: '--signal',
  name: '--name',
  comment: '--comment',
  user: '--user',
};

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** The flags as a POST /v1/feedback body, so both validate the same way. */
function body(values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (values.trace) out.traceId = values.trace;
  if (values.request) out.requestId = values.request;
  if (values.signal) out.signal = values.signal;
  if (values.value !== undefined) {
    const v = values.value;
    out.value = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v === 'true' || v === 'false' ? v === 'true' : v;
  }
  for (const key of ['scale', 'name', 'comment', 'user'] as const)
    if (values[key] !== undefined) out[key] = values[key];
  return out;
}

/** The HTTP body checks, with the errors naming flags instead of body fields. */
function parseInputFlags(values: Values): FeedbackInput {
  try {
    return parseFeedback(body(values));
  } catch (error) {
    if (!isKeelError(error) || error.param === undefined) throw error;
    const message = error.message
      .replace(`'${error.param}'`, FLAGS[error.param] ?? `'${error.param}'`)
      .replace('traceId or requestId', '--trace or --request');
    throw new KeelError(error.code, message);
  }
}

export async function feedbackCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  return runCli('feedback', io, async () => {
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (sub !== 'add') throw usageError(sub ? `unknown subcommand '${sub}'\n${USAGE}` : USAGE);
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const input = parseInputFlags(values);
    const tenant = values.tenant ?? DEFAULT_TENANT;
    const store = await openStore(values.db, io);
    try {
      const traceId =
        input.traceId ??
        (await findRequestTrace(store.sql, tenant, input.requestId as string)) ??
        requestTraceId(input.requestId as string);
      const nowMs = io.now?.() ?? Date.now();
      const score = feedbackScore(input, { tenant, traceId, nowMs });
      await writeBatch(store.sql, [{ type: 'score', row: score }], nowMs * 1000);
      io.out(`recorded ${score.name} = ${score.value} on trace ${traceId} (score ${score.id})\n`);
      return 0;
    } finally {
      await store.close();
    }
  });
}

export function run(argv: string[]): Promise<number> {
  return feedbackCommand(argv, processIo());
}
