import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openOutFile } from '../../cli/out-file.ts';
import type { Store } from '../../spec/index.ts';
import { type EvalRunResult, formatGate, loadEvalFile, runEval, writeJunit } from '../gate/index.ts';
import { GatewayClient, gatewayPrices, ResultsRepo, type TargetSummary } from '../runner/index.ts';
import { apiKey, dbUrl, type EvalIo, EXIT, gatewayUrl, number, usage, withStore } from './common.ts';
import { createProgress, duration, estimateText, usd } from './progress.ts';

export const RUN_USAGE = `usage: keel eval run FILE [--gate] [--baseline EXPERIMENT_ID|latest] [--json OUT.json] [--junit OUT.xml]
                     [--url URL] [--db URL] [--api-key KEY] [--max-cost USD] [--concurrency N] [--model M]...
                     [--resume EXPERIMENT_ID | --fresh] [--quiet]

  FILE         a YAML eval file (prompts, models, dataset or inline tests, scorers, gate)
  --gate       exit 1 when a gate threshold fails or a regression vs --baseline exceeds its tolerance
  --baseline   compare with an experiment id, or the newest completed run of the same eval ('latest')
  --json       write the run, its summary and the gate report as JSON
  --junit      write JUnit XML (one testcase per item and per gate check)
  --url        the Keel gateway the calls go through (default $KEEL_URL or http://127.0.0.1:4141)
  --db         where datasets and results are stored (default $KEEL_DB or sqlite:.keel/keel.db)
  --api-key    a Keel virtual key when auth is on (default $KEEL_API_KEY)
  --max-cost   refuse to start when the estimate exceeds it; stop when actual spend does
  --model      run against these models instead of the file's (repeatable)
  --resume     continue an interrupted experiment; by default an unfinished run of the same plan resumes
  --fresh      always start a new experiment

exit codes: 0 passed (or no --gate), 1 gate failed, 2 usage or config error, 3 run error
`;

const OPTIONS = {
  gate: { type: 'boolean' },
  baseline: { type: 'string' },
  json: { type: 'string' },
  junit: { type: 'string' },
  url: { type: 'string' },
  db: { type: 'string' },
  'api-key': { type: 'string' },
  'max-cost': { type: 'string' },
  concurrency: { type: 'string' },
  model: { type: 'string', multiple: true },
  resume: { type: 'string' },
  fresh: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function targetLine(t: TargetSummary): string {
  const score = t.meanScore === null ? '-' : t.meanScore.toFixed(3);
  const latency =
    t.latencyP50 === null ? '' : ` p50 ${Math.round(t.latencyP50)}ms p95 ${Math.round(t.latencyP95 ?? 0)}ms`;
  return `  ${t.key}: ${t.passed}/${t.n} passed (${(t.passRate * 100).toFixed(1)}%), score ${score}, ${t.errors} errors, ${usd(t.costUsd)}${latency}`;
}

function summaryText(r: EvalRunResult): string {
  const e = r.experiment;
  const lines = [
    `experiment ${e.id} (${e.name}, dataset v${e.datasetVersion}): ${e.status}${e.error ? ` — ${e.error}` : ''}`,
  ];
  if (r.outcome.resumed) lines.push(`  resumed: ${r.outcome.skipped} item(s) were already done`);
  for (const t of e.summary?.targets ?? []) {
    lines.push(targetLine(t));
    for (const [name, s] of Object.entries(t.scorers))
      lines.push(`    ${name}: mean ${s.mean.toFixed(3)}, pass ${(s.passRate * 100).toFixed(1)}% (n=${s.n})`);
  }
  if (e.finishedAt !== null)
    lines.push(`  took ${duration(e.finishedAt - e.createdAt)}, cost ${usd(e.costUsd)}`);
  return `${lines.join('\n')}\n`;
}

async function writeOutputs(
  store: Store,
  r: EvalRunResult,
  values: { json?: string; junit?: string },
): Promise<void> {
  if (values.json) {
    const json = {
      experiment: r.experiment,
      gate: r.gate,
      comparison: r.comparison,
      estimate: r.outcome.estimate,
      resumed: r.outcome.resumed,
    };
    writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
  }
  if (values.junit) {
    const stream = await openOutFile(values.junit, '--junit');
    await writeJunit({
      results: new ResultsRepo(store.sql),
      experiment: r.experiment,
      gate: r.gate,
      write: async (text) => {
        if (!stream.write(text)) await once(stream, 'drain');
      },
    });
    stream.end();
    await once(stream, 'finish');
  }
}

export async function runCommand(argv: string[], io: EvalIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(RUN_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw usage(`expected one eval file\n${RUN_USAGE}`);
  if (values.resume && values.fresh) throw usage('--resume and --fresh exclude each other');
  const loaded = loadEvalFile(positionals[0]!);
  const maxCost = number(values['max-cost'], '--max-cost', { min: 0, max: 1e9 });
  const concurrency = number(values.concurrency, '--concurrency', { min: 1, max: 1024, integer: true });
  const baseUrl = gatewayUrl(values, io);
  const key = apiKey(values, io);
  const client = new GatewayClient({ baseUrl, connections: 2, ...(key ? { apiKey: key } : {}) });
  const progress = createProgress({ write: io.err, tty: io.isTTY });
  try {
    return await withStore(dbUrl(values, io), false, async (store) => {
      const result = await runEval({
        sql: store.sql,
        loaded,
        baseUrl,
        ...(key ? { apiKey: key } : {}),
        ...(values.baseline ? { baseline: values.baseline } : {}),
        resume: values.fresh ? 'never' : values.resume ? { id: values.resume } : 'auto',
        price: gatewayPrices(client),
        ...(maxCost !== undefined ? { maxCostUsd: maxCost } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(values.model ? { models: values.model } : {}),
        onEstimate: (e) => {
          if (!values.quiet) io.err(estimateText(e, maxCost ?? loaded.spec.run.maxCost));
        },
        onProgress: (p) => {
          if (!values.quiet) progress.update(p);
        },
        ...(io.signal ? { signal: io.signal } : {}),
      });
      progress.done();
      io.out(summaryText(result));
      io.out(formatGate(result.gate));
      await writeOutputs(store, result, values);
      if (result.experiment.status === 'running') {
        io.err(`interrupted: run the same command again to resume experiment ${result.experiment.id}\n`);
        return EXIT.error;
      }
      if (result.experiment.status !== 'completed') return EXIT.error;
      return values.gate && !result.gate.pass ? EXIT.failed : EXIT.ok;
    });
  } finally {
    progress.done();
    await client.close();
  }
}
