import { join } from 'node:path';
import type { Scanner } from '../../../spec/scanner.ts';
import { createToxicityScanner, davidsonExamples } from '../../scanners/toxicity/index.ts';
import { evaluateBinary } from '../binary-eval.ts';
import {
  type LabelledText,
  loadAwesomePrompts,
  loadCranfieldAbstracts,
  loadKeelProbes,
  loadPromptJson,
  SHARED_FILES,
} from '../datasets/index.ts';
import type { EvalRow, EvalSuite, SuiteResult } from '../registry.ts';

const BENIGN_SOURCES: Array<{ source: string; load(dir: string): Array<{ text: string }> }> = [
  { source: 'wildguard (benign prompts)', load: (dir) => loadPromptJson(join(dir, SHARED_FILES.wildguard)) },
  {
    source: 'NotInject (benign prompts)',
    load: (dir) => [
      ...loadPromptJson(join(dir, SHARED_FILES.notInjectOne)),
      ...loadPromptJson(join(dir, SHARED_FILES.notInjectTwo)),
    ],
  },
  {
    source: 'awesome-chatgpt-prompts',
    load: (dir) => loadAwesomePrompts(join(dir, SHARED_FILES.awesomePrompts)).filter((t) => t.label === 0),
  },
  {
    source: 'Cranfield abstracts',
    load: (dir) => loadCranfieldAbstracts(join(dir, SHARED_FILES.cranfield)).map((text) => ({ text })),
  },
];

/** Keel's own probes (scanners/toxicity/data/keel-probes.json). */
const keelProbes = (part: 'dev' | 'unseen'): LabelledText[] =>
  loadKeelProbes(new URL('../../scanners/toxicity/data/keel-probes.json', import.meta.url), part, 'toxic');

/** Toxicity on the held-out (hash-split) part of Davidson et al.; hate-speech recall reported apart. */
export function toxicityEvalSuite(options: { scanner?: Scanner } = {}): EvalSuite {
  return {
    id: 'toxicity',
    description: 'toxicity: Davidson et al. tweets, deterministic 20 % test part (sha256 of the text)',
    async run({ dataDir }): Promise<SuiteResult> {
      const scanner = options.scanner ?? createToxicityScanner();
      const test = davidsonExamples(dataDir, 'test');
      const items = test.map(({ text, label }) => ({ text, label }));
      const rows: EvalRow[] = await evaluateBinary([scanner], items, {
        suite: 'toxicity',
        source: 'davidson-test (hate+offensive vs neither)',
      });
      const hate = test.filter((t) => t.cls === 0).map(({ text }) => ({ text, label: 1 as const }));
      const hateRows = await evaluateBinary([scanner], hate, {
        suite: 'toxicity',
        source: 'davidson-test hate only',
      });
      rows.push(...hateRows.map((row) => ({ ...row, precision: undefined, f1: undefined, fpr: undefined })));
      // Over-blocking outside tweets: ordinary prompts and technical text.
      for (const { source, load } of BENIGN_SOURCES) {
        const items = load(dataDir).map(({ text }) => ({ text, label: 0 as const }));
        rows.push(...(await evaluateBinary([scanner], items, { suite: 'toxicity', source })));
      }
      for (const part of ['dev', 'unseen'] as const) {
        rows.push(
          ...(await evaluateBinary([scanner], keelProbes(part), {
            suite: 'toxicity',
            source: `keel probes (${part})`,
          })),
        );
      }
      return {
        suite: 'toxicity',
        rows,
        notes: [
          'label 1 = hate speech or offensive language; the "hate only" row is recall on class 0 alone',
          'benign sets (wildguard, NotInject, awesome-chatgpt-prompts, Cranfield): read the FPR column; they were looked at while fixing over-blocking, so they are development figures for toxicity',
          'keel probes: sentences written for Keel, not tweets; dev shaped the harm patterns, unseen did not',
        ],
      };
    },
  };
}
