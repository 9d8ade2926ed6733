import { join } from 'node:path';
import type { TrainExample, TrainTaskSpec } from '../../classifier/index.ts';
import {
  loadLangkitJailbreaks,
  loadTextLabelCsv,
  SHARED_FILES,
  SHARED_SOURCES,
} from '../../eval/datasets/index.ts';
import { benignPromptExamples } from './benign-prompts.ts';
import { combinedTrainingScore } from './score.ts';
import { findInjectionSignals, prepareInjectionText } from './signals.ts';

/**
 * Training recipe for the injection classifier. Data: the deepset re-split *train* file only
 * (the val file is held out for reporting) plus LangKit's 27 known jailbreak prompts as extra
 * positives. Augmentation: one typoglycemia copy of every example (inner letters of longer words
 * shuffled), of both labels so scrambling itself does not become a signal; the normaliser already
 * undoes case, homoglyphs, leetspeak, zero-width and spacing tricks, so copies of those would be
 * identical after normalisation and are not generated.
 */
function scrambleWord(word: string, rng: () => number): string {
  if (word.length < 5 || !/^\p{L}+$/u.test(word)) return word;
  const inner = [...word.slice(1, -1)];
  for (let i = inner.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [inner[i], inner[j]] = [inner[j]!, inner[i]!];
  }
  return word[0] + inner.join('') + word[word.length - 1];
}

export function typoglycemiaVariant(text: string, rng: () => number): string {
  return text.replace(/\p{L}+/gu, (word) => (rng() < 0.5 ? scrambleWord(word, rng) : word));
}

const PERSONA_REQUEST =
  /\b(?:i want you to act (?:as|like)|i would like you to act as|ich mochte, dass sie als)\b/;
const PERSONA_ONLY_RULES = new Set(['act-as', 'say-only', 'pretend']);

/**
 * Keel's policy: asking the model to take on a persona ("I want you to act as a Linux terminal")
 * is the user's prerogative, not an attack. deepset labels such prompts 1 (they were used there as
 * goal-hijacking payloads); training rows whose only signal is a persona request are dropped so
 * the classifier does not learn role-play itself as injection. Role-play *with* override or
 * jailbreak cues keeps its label.
 */
export function isPersonaOnly(text: string): boolean {
  const signals = findInjectionSignals(text);
  return (
    PERSONA_REQUEST.test(signals.normalized.text) &&
    signals.hits.every((hit) => PERSONA_ONLY_RULES.has(hit.rule))
  );
}

export const injectionTrainSpec: TrainTaskSpec = {
  task: 'injection',
  description:
    'Prompt-injection / jailbreak classifier: logistic regression over hashed char 2-4-grams, word 1-2-grams ' +
    'and rule features of the detection-normalised text. Used by the injection scanner with its rules.',
  sources: [
    { ...SHARED_SOURCES.deepset, files: ['data/processed/train.csv'] },
    { ...SHARED_SOURCES.langkit, files: ['langkit/themes.json (jailbreak list)'] },
    {
      name: 'Keel hand-written benign prompt templates',
      url: 'src/guard/scanners/injection/data/benign-prompts.json',
      license: 'MIT (this project)',
      files: ['benign-prompts.json'],
    },
  ],
  features: { bucketBits: 18, charNgramMin: 2, charNgramMax: 4, wordNgramMax: 2 },
  grid: [
    { epochs: 20, learningRate: 0.1, l2: 1e-5, positiveWeight: 1 },
    { epochs: 20, learningRate: 0.1, l2: 1e-4, positiveWeight: 1 },
    { epochs: 30, learningRate: 0.1, l2: 1e-4, positiveWeight: 1.5 },
  ],
  folds: 5,
  seed: 4242,
  maxFpr: 0.02,
  minThreshold: 0.3,
  loadExamples(dataDir: string): TrainExample[] {
    const deepset = loadTextLabelCsv(join(dataDir, SHARED_FILES.deepsetTrain));
    return [
      ...deepset.filter((row) => !(row.label === 1 && isPersonaOnly(row.text))),
      ...loadLangkitJailbreaks(join(dataDir, SHARED_FILES.langkitThemes)),
      ...benignPromptExamples().map((text) => ({ text, label: 0 as const })),
    ];
  },
  prepare: prepareInjectionText,
  combine: (probability, text) => combinedTrainingScore(probability, findInjectionSignals(text).hits),
  // Strong rules score 0.75–0.95: a threshold above 0.75 would silently disable some of them.
  maxThreshold: 0.75,
  augment: (example, rng) => [{ text: typoglycemiaVariant(example.text, rng), label: example.label }],
  notes: [
    'Training data: deepset re-split train.csv (val.csv never used) + LangKit jailbreak prompts as positives.',
    'Augmentation: one typoglycemia copy per example (both labels), kept in the same CV fold as its original.',
    'Policy: deepset train rows labelled 1 whose only signal is a persona request ("I want you to act as …") are dropped (14 rows).',
    'Extra negatives: hand-written benign prompt templates (benign-prompts.json), expanded with a fixed seed, plus 250 multi-part composites.',
    'Threshold: best out-of-fold F1 of the combined scanner decision (rules + rule-corroborated classifier) with out-of-fold FPR <= maxOutOfFoldFpr, 5-fold CV on the training data only.',
  ],
};
