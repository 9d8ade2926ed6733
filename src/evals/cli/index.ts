/** `keel eval` subcommands (wired by src/cli/commands/eval.ts). */
import { COMPARE_USAGE } from './compare.ts';
import { DATASET_USAGE } from './dataset.ts';
import { EXPORT_USAGE } from './export.ts';
import { IMPORT_USAGE } from './import-promptfoo.ts';
import { REVIEW_USAGE } from './review.ts';
import { RUN_USAGE } from './run.ts';

export { type EvalIo, EXIT, exitFor } from './common.ts';
export { compareCommand } from './compare.ts';
export { datasetCommand, listCommand } from './dataset.ts';
export { exportCommand } from './export.ts';
export { importCommand } from './import-promptfoo.ts';
export { createProgress, estimateText, progressLine } from './progress.ts';
export { calibrateCommand, parseScale, reviewCommand, rubricCommand } from './review.ts';
export { runCommand } from './run.ts';

export const USAGE = [RUN_USAGE, COMPARE_USAGE, IMPORT_USAGE, REVIEW_USAGE, EXPORT_USAGE, DATASET_USAGE].join(
  '\n',
);
