import { join } from 'node:path';
import type { Scanner } from '../../../spec/scanner.ts';
import { createInjectionScanner } from '../../scanners/injection/index.ts';
import { evaluateBinary } from '../binary-eval.ts';
import {
  type LabelledText,
  loadAwesomePrompts,
  loadKeelProbes,
  loadKeelSystemPrompts,
  loadPromptJson,
  loadTextLabelCsv,
  type ProbePart,
  SHARED_FILES,
} from '../datasets/index.ts';
import { latencySummary } from '../metrics.ts';
import type { EvalRow, EvalSuite, SuiteResult } from '../registry.ts';
import { benchmarkPrompt, timeScans } from './bench-prompt.ts';

/** Keel's own probes (scanners/injection/data/keel-probes.json). */
const keelProbes = (part: ProbePart): LabelledText[] =>
  loadKeelProbes(new URL('../../scanners/injection/data/keel-probes.json', import.meta.url), part, 'attacks');

const SOURCES: Array<{ source: string; load(dir: string): LabelledText[]; note?: string }> = [
  {
    source: 'deepset-val (held out)',
    load: (dir) => loadTextLabelCsv(join(dir, SHARED_FILES.deepsetVal)),
  },
  { source: 'NotInject_one (benign)', load: (dir) => loadPromptJson(join(dir, SHARED_FILES.notInjectOne)) },
  { source: 'NotInject_two (benign)', load: (dir) => loadPromptJson(join(dir, SHARED_FILES.notInjectTwo)) },
  { source: 'wildguard (benign)', load: (dir) => loadPromptJson(join(dir, SHARED_FILES.wildguard)) },
  {
    source: 'awesome-chatgpt-prompts',
    load: (dir) => loadAwesomePrompts(join(dir, SHARED_FILES.awesomePrompts)),
    note: 'the "DAN" row is a jailbreak and counts as a positive; FPR is over the other 170 rows',
  },
  {
    source: 'keel probes (dev)',
    load: () => keelProbes('dev'),
    note: 'attack families deepset lacks, written for Keel; these shaped the rules, so they are not a held-out score',
  },
  {
    source: 'keel probes (unseen)',
    load: () => keelProbes('unseen'),
    note: 'written after the rules the dev probes shaped, and not used to change them',
  },
  {
    source: 'keel probes (unseen 2)',
    load: () => keelProbes('unseen-2'),
    note: 'written blind before the session-11 rules by a helper who never saw the scanner; not used to change them (first run: 20 of 40 blocked, 2 look-alikes)',
  },
  {
    source: 'keel probes (unseen 3)',
    load: () => keelProbes('unseen-3'),
    note: 'written blind in session 12 by a helper who read no project file; not used to change anything (first run, session-11 code: 30 of 60 blocked, 4 look-alikes)',
  },
  {
    source: 'keel system prompts (benign)',
    load: () =>
      loadKeelSystemPrompts(new URL('../../scanners/injection/data/system-prompts.json', import.meta.url)),
    note: 'scanned as a policy with screenSystemPrompts: true would; by default the gateway does not screen system and developer messages for injection (first run: 20 of 100 blocked)',
  },
];

/** Injection scanner on a ~2 KB benign prompt: the per-request cost at the input checkpoint. */
async function latencyRow(scanner: Scanner, runs: number): Promise<EvalRow> {
  const text = benchmarkPrompt(2048);
  const ms = await timeScans(() => scanner.scan({ kind: 'text', text }, { checkpoint: 'input' }), runs);
  const summary = latencySummary(ms);
  return {
    suite: 'injection',
    source: 'latency: 2 KB prompt',
    scanner: scanner.id,
    n: runs,
    p50Ms: summary.p50,
    p99Ms: summary.p99,
    note: `${runs} scans of a 2,048-character benign prompt after warm-up; single process, wall clock`,
  };
}

export function injectionEvalSuite(options: { scanner?: Scanner; latencyRuns?: number } = {}): EvalSuite {
  return {
    id: 'injection',
    description: 'prompt injection: deepset held-out split, benign over-blocking sets, latency',
    async run({ dataDir }): Promise<SuiteResult> {
      const scanner = options.scanner ?? createInjectionScanner();
      scanner.scan({ kind: 'text', text: 'warm-up' }, { checkpoint: 'input' });
      const rows: EvalRow[] = [];
      for (const { source, load, note } of SOURCES) {
        rows.push(...(await evaluateBinary([scanner], load(dataDir), { suite: 'injection', source, note })));
      }
      rows.push(await latencyRow(scanner, options.latencyRuns ?? 2000));
      return {
        suite: 'injection',
        rows,
        notes: [
          'positive = verdict "block"; benign sets have no positives, so read their FPR column',
          'the classifiers were trained on deepset-resplit-train.csv (never val), LangKit jailbreaks and Keel benign templates, the lone one (it may block where no rule fires) also on keel-train.json; thresholds were chosen by 5-fold CV on that training data, and no row above was trained on',
        ],
      };
    },
  };
}
