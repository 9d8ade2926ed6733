import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serializeModel, type TrainTaskSpec, trainModel, writeModel } from '../../guard/classifier/index.ts';
import { resolveSharedDataDir } from '../../guard/eval/index.ts';
import { injectionAloneTrainSpec, injectionTrainSpec } from '../../guard/scanners/injection/index.ts';
import { toxicityTrainSpec } from '../../guard/scanners/toxicity/index.ts';

export const summary =
  'retrain the guard classifiers (injection, injection-alone, toxicity) from the shared data';

const USAGE = `usage: keel guard train [--task injection|injection-alone|toxicity|all] [--out DIR] [--data DIR]

Retrains the classifier(s) on the training split of the shared data (and Keel's own
training corpus, for injection-alone) and writes DIR/<task>.json (default DIR: src/guard/models).
Deterministic: the same data gives byte-identical files.
--data defaults to $KEEL_SHARED_DATA, else ../shared/data next to the repository.
`;

const TASKS: Record<string, TrainTaskSpec> = {
  injection: injectionTrainSpec,
  'injection-alone': injectionAloneTrainSpec,
  toxicity: toxicityTrainSpec,
};
const DEFAULT_OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../guard/models');

function parse(argv: string[]): { task: string; out: string; data?: string } | undefined {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        task: { type: 'string', default: 'all' },
        out: { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return undefined;
    return { task: values.task ?? 'all', out: values.out ?? DEFAULT_OUT, data: values.data };
  } catch (error) {
    process.stderr.write(`keel guard train: ${(error as Error).message}\n`);
    return undefined;
  }
}

export async function run(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (!args) {
    process.stderr.write(USAGE);
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  const names = args.task === 'all' ? Object.keys(TASKS) : [args.task];
  if (names.some((name) => !TASKS[name])) {
    process.stderr.write(`keel guard train: unknown task '${args.task}'\n${USAGE}`);
    return 2;
  }
  try {
    const dataDir = args.data ? resolve(args.data) : resolveSharedDataDir();
    for (const name of names) {
      const started = performance.now();
      const { file, report } = trainModel(TASKS[name]!, { dataDir });
      const path = join(resolve(args.out), `${name}.json`);
      writeModel(file, path);
      const digest = createHash('sha256').update(serializeModel(file)).digest('hex').slice(0, 16);
      const cv = report.crossValidation;
      process.stdout.write(
        `${name}: ${report.examples} examples (${report.positives} positive, ${report.augmented} augmented copies); ` +
          `CV precision ${cv.precision.toFixed(3)} recall ${cv.recall.toFixed(3)} F1 ${cv.f1.toFixed(3)} ` +
          `FPR ${cv.fpr.toFixed(3)}; threshold ${file.threshold}` +
          (file.aloneThreshold === undefined ? '; ' : `, alone ${file.aloneThreshold}; `) +
          `${((performance.now() - started) / 1000).toFixed(1)} s\n  wrote ${path} (sha256 ${digest}…)\n`,
      );
    }
    return 0;
  } catch (error) {
    process.stderr.write(`keel guard train: ${(error as Error).message}\n`);
    return 1;
  }
}
