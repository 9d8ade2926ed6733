import { parseArgs } from 'node:util';
import { type SimOptions, simOptionsSchema } from '../../config/schema.ts';
import { startSimServer } from '../../providers/sim/index.ts';

export const summary =
  'run the simulated LLM upstream (OpenAI + Anthropic dialects) for demos, tests, load tests';

const USAGE = `usage: keel sim [--port N] [--host H] [options]
  --port                 listen port (default 4142; 0 picks a free one)
  --host                 listen address (default 127.0.0.1)
  --latency-ms           delay before a non-streamed answer / first token (default 0)
  --ttft-ms              time to first token for streams (default: --latency-ms)
  --inter-token-ms       delay between streamed tokens (default 0)
  --output-tokens        answer length when the request does not cap it lower (default 24)
  --error-rate           share of requests that fail, 0..1 (default 0)
  --error-status         429 | 500 | 503 | timeout | disconnect (default 500)
  --retry-after-seconds  Retry-After sent with 429s (default 1)
  --embedding-dim        embedding dimension (default 64)
  --context-window       prompt tokens above this fail with context_length_exceeded (default 128000)
Per-request x-sim-* headers override these; see docs/sim.md.`;

/** Flag name → SimOptions key, for the numeric options. */
const NUMERIC_FLAGS = {
  'latency-ms': 'latencyMs',
  'ttft-ms': 'ttftMs',
  'inter-token-ms': 'interTokenMs',
  'output-tokens': 'outputTokens',
  'error-rate': 'errorRate',
  'retry-after-seconds': 'retryAfterSeconds',
  'embedding-dim': 'embeddingDim',
  'context-window': 'contextWindow',
} as const;

export type SimArgs = { help: true } | { help: false; port: number; host: string; options: SimOptions };

const stringOption = { type: 'string' } as const;

function numberFlag(flag: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim()))
    throw new Error(`--${flag} must be a non-negative number, got '${value}'`);
  return Number(value);
}

/** Parses `keel sim` flags; throws an Error with a message fit for the user on bad input. */
export function parseSimArgs(argv: string[]): SimArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: stringOption,
      host: stringOption,
      'error-status': stringOption,
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(Object.keys(NUMERIC_FLAGS).map((flag) => [flag, stringOption])),
    },
  });
  if (values.help) return { help: true };
  const raw: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(NUMERIC_FLAGS)) {
    const value = (values as Record<string, string | boolean | undefined>)[flag];
    if (typeof value === 'string') raw[key] = numberFlag(flag, value);
  }
  const status = values['error-status'];
  if (typeof status === 'string') raw.errorStatus = /^\d+$/.test(status) ? Number(status) : status;
  const parsed = simOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const flag = Object.entries(NUMERIC_FLAGS).find(([, k]) => k === key)?.[0] ?? 'error-status';
    const hint = flag === 'error-status' ? ' (429, 500, 503, timeout or disconnect)' : '';
    throw new Error(`--${flag}: ${issue?.message ?? 'invalid value'}${hint}`);
  }
  const port = typeof values.port === 'string' ? numberFlag('port', values.port) : 4142;
  if (!Number.isInteger(port) || port > 65_535)
    throw new Error('--port must be an integer between 0 and 65535');
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  return { help: false, port, host, options: parsed.data };
}

export async function run(argv: string[]): Promise<number> {
  let args: SimArgs;
  try {
    args = parseSimArgs(argv);
  } catch (error) {
    process.stderr.write(`keel sim: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let server: Awaited<ReturnType<typeof startSimServer>>;
  try {
    server = await startSimServer({ port: args.port, host: args.host, options: args.options });
  } catch (error) {
    process.stderr.write(
      `keel sim: cannot listen on ${args.host}:${args.port}: ${(error as Error).message}\n`,
    );
    return 1;
  }
  process.stdout.write(`keel sim listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
