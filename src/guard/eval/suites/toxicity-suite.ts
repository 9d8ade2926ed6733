import type { Scanner } from '../../../spec/scanner.ts';
import { createToxicityScanner, davidsonExamples } from '../../scanners/toxicity/index.ts';
import { evaluateBinary } from '../binary-eval.ts';
import type { EvalRow, EvalSuite, SuiteResult } from '../registry.ts';

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
      return {
        suite: 'toxicity',
        rows,
        notes: [
          'label 1 = hate speech or offensive language; the "hate only" row is recall on class 0 alone',
        ],
      };
    },
  };
}
