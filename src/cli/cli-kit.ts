import { userInfo } from 'node:os';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { type ErrorCode, isKeelError, KeelError } from '../errors/index.ts';

/**
 * Plumbing the `keel` subcommands share: injectable I/O, subcommand dispatch with one mapping of
 * failures to exit codes (0 ok, 1 failed, 2 bad usage), strict flag parsing and table output.
 */

/** Where a command reads and writes; injectable so tests drive commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  now?: () => number;
}

/** The real terminal and environment, for each command's `run`. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
  };
}

/** Who runs the command, for audit entries: $USER, else the OS account, else 'unknown'. */
export function cliUserName(env: CliIo['env']): string {
  let name = env.USER ?? env.USERNAME;
  try {
    name ??= userInfo().username;
  } catch {
    // No passwd entry (containers).
  }
  return name || 'unknown';
}

export function usageError(message: string): KeelError {
  return new KeelError('invalid_request', message);
}

/** node:util parseArgs refusing the flags (unknown option, missing value, …). */
export function isParseArgsError(error: unknown): boolean {
  return (
    error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
  );
}

/**
 * Maps a thrown error to an exit code, saying what went wrong on stderr: bad flags or invalid
 * values (the same 400s the API gives) → 2; other KeelErrors → `exitFor(code)`, default 1.
 * Anything else is a bug and is rethrown.
 */
export function reportError(
  error: unknown,
  context: { io: CliIo; prefix: string; exitFor?: (code: ErrorCode) => number | undefined },
): number {
  const { io, prefix } = context;
  if (isParseArgsError(error) || (isKeelError(error) && error.code === 'invalid_request')) {
    io.err(`${prefix}: ${(error as Error).message}\n`);
    return 2;
  }
  if (isKeelError(error)) {
    io.err(`${prefix}: ${error.message}\n`);
    return context.exitFor?.(error.code) ?? 1;
  }
  throw error;
}

export type Subcommand<Io extends CliIo = CliIo> = (argv: string[], io: Io, usage: string) => Promise<number>;

/**
 * Dispatches `keel NAME SUB …`: no subcommand prints the usage (exit 2), `help` prints it (exit 0),
 * failures go through reportError.
 */
export async function runSubcommands<Io extends CliIo>(
  name: string,
  argv: string[],
  context: {
    io: Io;
    usage: string;
    subcommands: Record<string, Subcommand<Io>>;
    exitFor?: (code: ErrorCode) => number | undefined;
  },
): Promise<number> {
  const { io, usage, subcommands } = context;
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub ? io.out : io.err)(usage);
    return sub ? 0 : 2;
  }
  // Own properties only: `keel keys toString` is an unknown subcommand, not Object.prototype's.
  const command = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (!command) {
    io.err(`keel ${name}: unknown subcommand '${sub}'\n${usage}`);
    return 2;
  }
  try {
    return await command(rest, io, usage);
  } catch (error) {
    return reportError(error, {
      io,
      prefix: `keel ${name} ${sub}`,
      ...(context.exitFor ? { exitFor: context.exitFor } : {}),
    });
  }
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/**
 * A subcommand from its flags: they are parsed strictly, `--help` prints the command's usage, and
 * positionals are checked before `run` sees them.
 */
export function subcommand<O extends ParseArgsOptionsConfig, Io extends CliIo = CliIo>(spec: {
  options: O;
  /** Exactly one positional (a name, an id) is required, else this is the error; none allowed without it. */
  positional?: string;
  run: (parsed: Parsed<O>, io: Io) => Promise<number>;
}): Subcommand<Io> {
  return async (argv, io, usage) => {
    const parsed = parseArgs({ args: argv, options: spec.options, allowPositionals: true, strict: true });
    if ((parsed.values as { help?: unknown }).help) {
      io.out(usage);
      return 0;
    }
    const { positionals } = parsed;
    if (spec.positional === undefined) {
      if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`);
    } else if (positionals.length !== 1) throw usageError(spec.positional);
    return spec.run(parsed as Parsed<O>, io);
  };
}

/** Pretty JSON on stdout (`--json` output). */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A result as pretty JSON (`--json`) or as its one-line human summary. */
export function printResult(
  io: CliIo,
  value: unknown,
  options: { json: boolean | undefined; text: string },
): void {
  if (options.json) printJson(io, value);
  else io.out(options.text);
}

// Control and bidi characters in names could disguise the terminal output; show them inert.
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
export const terminalSafe = (text: string): string => text.replace(CONTROL, '?');

/** Rows as an aligned table with a header line. */
export function table(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => terminalSafe(row[c] === null || row[c] === undefined ? '-' : String(row[c]))),
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
  io: CliIo,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { json: boolean | undefined; columns: readonly string[]; empty: string },
): void {
  if (options.json) printJson(io, rows);
  else if (rows.length === 0) io.err(`${options.empty}\n`);
  else io.out(table(rows, options.columns));
}
