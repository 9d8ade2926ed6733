/** Test helper (not a test): runs the real `keel` CLI as a subprocess. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'src/cli/main.ts');

/**
 * Runs `keel ARGS` through src/cli/main.ts (the same Node 24 binary that runs the tests, i.e. what
 * `npx node src/cli/main.ts` starts). Until a command is registered in main.ts, it runs the command
 * file's `run(argv)` the same way main.ts would: same argv, same exit code.
 */
export function runKeel(
  args: string[],
  options: { cwd: string; input?: string | Buffer; env?: Record<string, string> },
): { code: number | null; out: string; err: string; all: string } {
  const wired = readFileSync(MAIN, 'utf8').includes(`${args[0]}: () => import`);
  const command = join(ROOT, 'src/cli/commands', `${args[0]}.ts`);
  const argv = wired
    ? [MAIN, ...args]
    : [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(command)}); process.exitCode = await m.run(process.argv.slice(1));`,
        ...args.slice(1),
      ];
  const result = spawnSync(process.execPath, argv, {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr, all: result.stdout + result.stderr };
}
