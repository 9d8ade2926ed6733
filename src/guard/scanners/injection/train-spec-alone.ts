import type { TrainTaskSpec } from '../../classifier/index.ts';
import { classifierMayDecideAlone } from './score.ts';
import { findInjectionSignals } from './signals.ts';
import { injectionTrainSpec } from './train-spec.ts';
import { keelTrainingExamples } from './training-corpus.ts';

/**
 * The second injection classifier: the one that may block where no rule fired at all. The first
 * (train-spec.ts) only counts beside a rule, and its threshold and the rules were tuned together
 * over many sessions; trained on deepset alone it knows few attack families, so alone it catches
 * little and over-blocks role-play. This one adds Keel's own corpus (data/keel-train.json:
 * indirect injection, agent hijacking, exfiltration, long jailbreaks, and hard negatives), and
 * decides only at its `aloneThreshold`, chosen on cross-validation: the lowest out-of-fold
 * probability whose false positives, among texts no rule fires on, stay within 0.2 % of all
 * training negatives. The cap was set on the dev look-alikes (at 0.5 % the aimed QA look-alikes
 * blocked went up by 12); no evaluation set was trained on.
 */
export const injectionAloneTrainSpec: TrainTaskSpec = {
  ...injectionTrainSpec,
  task: 'injection-alone',
  description:
    'Prompt-injection classifier that may decide alone, on texts where no rule fires: logistic regression over ' +
    'hashed char 2-4-grams, word 1-2-grams and rule features, trained with Keel’s own corpus.',
  sources: [
    ...injectionTrainSpec.sources,
    {
      name: 'Keel injection training corpus (450 attacks, 900 hard negatives, written blind to the scanner)',
      url: 'src/guard/scanners/injection/data/keel-train.json',
      license: 'MIT (this project)',
      files: ['keel-train.json'],
    },
  ],
  loadExamples: (dataDir) => [...injectionTrainSpec.loadExamples(dataDir), ...keelTrainingExamples()],
  alone: {
    maxFpr: 0.002,
    minThreshold: 0.8,
    eligible: (text) => classifierMayDecideAlone(findInjectionSignals(text).hits),
  },
  notes: [
    ...(injectionTrainSpec.notes ?? []),
    'Extra data: keel-train.json, 450 attacks (direct, indirect, agent/exfiltration, long jailbreaks, hypothetical framings, short planted keys and comments) and 900 hard negatives, written for Keel blind to the scanner and to every evaluation set.',
    'Alone threshold (the one the scanner uses): on texts where no rule fires, the lowest out-of-fold probability whose false positives stay within 0.2 % of all training negatives, and at least 0.8. `threshold` is only the combined-decision choice inherited from the first model’s recipe.',
  ],
};
