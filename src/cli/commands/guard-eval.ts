import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type EvalSuite,
  evaluateBinary,
  formatReport,
  getEvalSuite,
  injectionEvalSuite,
  type LabelledText,
  latencyEvalSuite,
  listEvalSuites,
  loadJsonl,
  loadPromptJson,
  loadTextLabelCsv,
  piiEvalSuite,
  registerEvalSuite,
  reportJson,
  resolveSharedDataDir,
  type SuiteResult,
  secretsEvalSuite,
  toxicityEvalSuite,
} from '../../guard/eval/index.ts';
import {
  builtinScannerFactories,
  loadFrames,
  runBlindEval,
  runContextEvals,
  runFramesEval,
  runGeneratedEval,
  runOwnFormsEval,
  runOwnFormsNational,
  runOwnFormsUnseen,
  runPiiEval,
  runSecretsEval,
} from '../../guard/index.ts';
import { createInjectionScanner } from '../../guard/scanners/injection/index.ts';
import { createToxicityScanner } from '../../guard/scanners/toxicity/index.ts';
import type { Scanner } from '../../spec/scanner.ts';

export const summary = 'evaluate guard scanners: precision, recall, F1, FPR, latency';

const USAGE = `usage:
  keel guard eval --data FILE [--scanner ID]... [--json]
  keel guard eval --shared [--suite ID]... [--json]

--data FILE   labelled texts: .jsonl ({"text", "label": 0|1} per line), .csv (text,label)
              or .json (array of {prompt|text, label}); label 1 = should be caught.
--scanner ID  injection (default), toxicity, or any scanner a guard policy can name;
              repeat for several (a "combined" row = blocked by any).
--shared      the standard report over the shared data ($KEEL_SHARED_DATA or ../shared/data):
              suites injection, toxicity, pii, secrets, latency (choose with --suite).
`;

function registerBuiltinSuites(): void {
  const inputPolicy = ['injection', 'pii', 'secrets'].map(scannerById);
  const builtin: EvalSuite[] = [
    injectionEvalSuite(),
    toxicityEvalSuite(),
    piiEvalSuite(runPiiEval, (dir) => [
      ...runContextEvals(dir),
      ...runOwnFormsEval().map((r) => ({ ...r, source: 'own forms' })),
      ...runOwnFormsUnseen().map((r) => ({ ...r, source: 'own forms (unseen)' })),
      { ...runOwnFormsNational(), source: 'own forms (unseen, national formats)' },
      ...(['dev', 'heldOut'] as const).map((split) => {
        const r = runGeneratedEval(split);
        const source = `generated addresses, ${split === 'dev' ? 'dev' : 'held-out'} locales`;
        return { ...r, type: 'ADDRESS_BLOCK', values: r.samples, source };
      }),
      ...framesRows(dir),
      ...blindRows(),
    ]),
    secretsEvalSuite(runSecretsEval),
    latencyEvalSuite(inputPolicy),
  ];
  for (const suite of builtin) if (!getEvalSuite(suite.id)) registerEvalSuite(suite);
}

/**
 * Addresses beside other things (frames.json): the dev half and the check half, the frames of a
 * street named alone in prose (kind "street-…") in rows of their own, and every frame again typed
 * in lower case and in capitals.
 */
const recased = (c: 'lower' | 'upper') => loadFrames().map((f) => ({ ...f, case: c }));

function framesRows(dir: string) {
  const street = (f: { kind: string }): boolean => f.kind.startsWith('street-');
  return [
    { label: 'addresses beside other things', r: runFramesEval(dir, { select: (f) => !street(f) }) },
    { label: 'streets alone in prose', r: runFramesEval(dir, { select: street }) },
    // Presidio lower-cases about a tenth of its samples at random; so does a lot of chat.
    { label: 'all frames typed in lower case', r: runFramesEval(dir, { frames: recased('lower') }) },
    { label: 'all frames typed in capitals', r: runFramesEval(dir, { frames: recased('upper') }) },
  ].flatMap(({ label, r }) =>
    (['dev', 'check'] as const).map((half) => ({
      type: 'ADDRESS_BLOCK',
      values: r[half].gold,
      samples: r[half].gold,
      precision: r[half].exact.precision,
      exactRecall: r[half].exact.recall,
      overlapRecall: r[half].overlap.recall,
      source: `${label}, ${half} frames`,
    })),
  );
}

/**
 * The blind address sets: blind-addresses.json (its dev half and its check half) and
 * blind-addresses-2.json (only scored, all of it).
 */
function blindRows() {
  const second = new URL('../../guard/scanners/pii/blind-addresses-2.json', import.meta.url);
  return [
    { label: 'blind addresses, dev half', r: runBlindEval('dev') },
    { label: 'blind addresses, check half', r: runBlindEval('check') },
    { label: 'blind addresses 2 (held out)', r: runBlindEval('all', second) },
  ].map(({ label, r }) => ({
    type: 'ADDRESS_BLOCK',
    values: r.gold,
    samples: r.gold,
    precision: r.exact.precision,
    exactRecall: r.exact.recall,
    overlapRecall: r.overlap.recall,
    source: label,
  }));
}

function scannerById(id: string): Scanner {
  if (id === 'injection') return createInjectionScanner();
  if (id === 'toxicity') return createToxicityScanner();
  const factory = builtinScannerFactories()[id];
  if (!factory) throw new Error(`unknown scanner '${id}'`);
  return factory.create({}, id);
}

function loadData(file: string): LabelledText[] {
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return loadJsonl(file);
  if (ext === '.csv') return loadTextLabelCsv(file);
  if (ext === '.json') return loadPromptJson(file);
  throw new Error(`--data: unsupported file type '${ext || file}' (use .jsonl, .csv or .json)`);
}

async function runShared(suiteIds: string[]): Promise<SuiteResult[]> {
  registerBuiltinSuites();
  const dataDir = resolveSharedDataDir();
  const suites = suiteIds.length > 0 ? suiteIds.map((id) => getEvalSuite(id)) : listEvalSuites();
  const missing = suiteIds.filter((_id, i) => !suites[i]);
  if (missing.length > 0) throw new Error(`unknown suite(s): ${missing.join(', ')}`);
  const results: SuiteResult[] = [];
  for (const suite of suites) results.push(await suite!.run({ dataDir }));
  return results;
}

async function runData(file: string, scannerIds: string[]): Promise<SuiteResult[]> {
  const items = loadData(resolve(file));
  if (items.length === 0) throw new Error(`--data ${file}: no items`);
  const scanners = (scannerIds.length > 0 ? scannerIds : ['injection']).map(scannerById);
  for (const scanner of scanners)
    await scanner.scan({ kind: 'text', text: 'warm-up' }, { checkpoint: 'input' });
  const rows = await evaluateBinary(scanners, items, { suite: 'data', source: file });
  return [{ suite: 'data', rows, notes: ['positive = verdict "block"'] }];
}

export async function run(argv: string[]): Promise<number> {
  let values: {
    data?: string;
    scanner?: string[];
    shared?: boolean;
    suite?: string[];
    json?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        scanner: { type: 'string', multiple: true },
        shared: { type: 'boolean' },
        suite: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`keel guard eval: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || (!values.shared && !values.data) || (values.shared && values.data)) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    const results = values.shared
      ? await runShared(values.suite ?? [])
      : await runData(values.data!, values.scanner ?? []);
    process.stdout.write(
      values.json ? `${JSON.stringify(reportJson(results), null, 2)}\n` : formatReport(results),
    );
    return 0;
  } catch (error) {
    process.stderr.write(`keel guard eval: ${(error as Error).message}\n`);
    return 1;
  }
}
