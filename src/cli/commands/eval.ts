import {
  calibrateCommand,
  compareCommand,
  datasetCommand,
  type EvalIo,
  EXIT,
  exitFor,
  exportCommand,
  importCommand,
  listCommand,
  reviewCommand,
  rubricCommand,
  runCommand,
  USAGE,
} from '../../evals/cli/index.ts';

export const summary =
  'eval run|compare|import-promptfoo|review|calibrate|export|dataset: evaluations and CI gates';

const SUBCOMMANDS: Record<string, (argv: string[], io: EvalIo) => Promise<number>> = {
  run: runCommand,
  compare: compareCommand,
  'import-promptfoo': importCommand,
  review: reviewCommand,
  rubric: rubricCommand,
  calibrate: calibrateCommand,
  export: exportCommand,
  dataset: datasetCommand,
  list: listCommand,
};

/** The command with its I/O injected (tests drive it in-process). */
export async function evalCommand(argv: string[], io: EvalIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub ? io.out : io.err)(USAGE);
    return sub ? EXIT.ok : EXIT.usage;
  }
  const command = SUBCOMMANDS[sub];
  if (!command) {
    io.err(`keel eval: unknown subcommand '${sub}'\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    return exitFor(error, io, sub);
  }
}

export async function run(argv: string[]): Promise<number> {
  const controller = new AbortController();
  // First Ctrl-C: stop dispatching and record what finished (the run resumes later); second: exit.
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: finishing in-flight work (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', stop);
  try {
    return await evalCommand(argv, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      env: process.env,
      isTTY: process.stderr.isTTY === true,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
  }
}
