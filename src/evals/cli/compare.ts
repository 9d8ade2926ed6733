import { parseArgs } from 'node:util';
import { compareExperiments, formatComparison, judgePairwise } from '../compare/index.ts';
import { gatewayJudgeModel } from '../judges/index.ts';
import { ResultsRepo } from '../runner/index.ts';
import { apiKey, dbUrl, type EvalIo, EXIT, gatewayUrl, number, usage, withStore } from './common.ts';

export const COMPARE_USAGE = `usage: keel eval compare A B [--pair TARGET_A=TARGET_B]... [--json] [--db URL]
                         [--pairwise --judge MODEL [--rubric TEXT] [--concurrency N] [--url URL] [--api-key KEY]]

  A, B         experiment ids: A is the baseline, B the candidate (differences are B − A)
  --pair       which target of A to compare with which of B (default: same names)
  --pairwise   also ask a judge which answer is better, per item, in both orders (stored for DPO export)
`;

const OPTIONS = {
  pair: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  db: { type: 'string' },
  pairwise: { type: 'boolean' },
  judge: { type: 'string' },
  rubric: { type: 'string' },
  concurrency: { type: 'string' },
  url: { type: 'string' },
  'api-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function pairsOf(list: string[] | undefined): [string, string][] | undefined {
  return list?.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw usage(`--pair: '${p}' is not TARGET_A=TARGET_B`);
    return [p.slice(0, eq), p.slice(eq + 1)];
  });
}

export async function compareCommand(argv: string[], io: EvalIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(COMPARE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw usage(`expected two experiment ids\n${COMPARE_USAGE}`);
  if (values.pairwise && !values.judge) throw usage('--pairwise needs --judge MODEL');
  const pairs = pairsOf(values.pair);
  return withStore(dbUrl(values, io), true, async (store) => {
    const results = new ResultsRepo(store.sql);
    const a = await results.require(positionals[0]!);
    const b = await results.require(positionals[1]!);
    const comparison = await compareExperiments({ results, a, b, ...(pairs ? { pairs } : {}) });
    const out: Record<string, unknown> = { comparison };
    if (values.pairwise) {
      const key = apiKey(values, io);
      const judge = gatewayJudgeModel({
        baseUrl: gatewayUrl(values, io),
        model: values.judge!,
        ...(key ? { apiKey: key } : {}),
        headers: { 'x-keel-internal': 'eval-judge' },
      });
      try {
        out.pairwise = [];
        for (const p of comparison.pairs) {
          const summary = await judgePairwise({
            sql: store.sql,
            a,
            b,
            targetA: p.targetA,
            targetB: p.targetB,
            judge,
            judgeName: values.judge!,
            ...(values.rubric ? { rubric: values.rubric } : {}),
            concurrency:
              number(values.concurrency, '--concurrency', { min: 1, max: 256, integer: true }) ?? 4,
            ...(io.signal ? { signal: io.signal } : {}),
          });
          (out.pairwise as unknown[]).push({ targetA: p.targetA, targetB: p.targetB, ...summary });
        }
      } finally {
        await judge.close();
      }
    }
    if (values.json) {
      io.out(`${JSON.stringify(out, null, 2)}\n`);
      return EXIT.ok;
    }
    io.out(formatComparison(comparison));
    for (const p of (out.pairwise as
      | {
          targetA: string;
          targetB: string;
          judged: number;
          winsA: number;
          winsB: number;
          ties: number;
          inconsistent: number;
          errors: number;
          winRateB: number;
        }[]
      | undefined) ?? []) {
      io.out(
        `pairwise ${p.targetA} vs ${p.targetB}: ${p.judged} judged — A ${p.winsA}, B ${p.winsB}, ties ${p.ties} (${p.inconsistent} inconsistent), ${p.errors} errors; B win rate ${(p.winRateB * 100).toFixed(1)}%\n`,
      );
    }
    return EXIT.ok;
  });
}
