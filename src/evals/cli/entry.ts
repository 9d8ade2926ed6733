#!/usr/bin/env node
/**
 * `keel eval` as a standalone entry (`node src/evals/cli/entry.ts run FILE …`): the same command
 * `keel eval` runs, usable before it is wired into src/cli/main.ts and by subprocess tests.
 */
import { run } from '../../cli/commands/eval.ts';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`keel eval: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
