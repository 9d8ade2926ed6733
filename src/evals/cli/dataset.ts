import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSince } from '../../cli/duration.ts';
import { openOutFile } from '../../cli/out-file.ts';
import {
  DatasetRepo,
  exportItems,
  formatOf,
  importItems,
  itemsFromRequests,
  PROVENANCES,
  type Provenance,
} from '../datasets/index.ts';
import { onlineRatings, samplesContentSource } from '../online/index.ts';
import { reviewsToDataset } from '../review/index.ts';
import { ResultsRepo } from '../runner/index.ts';
import { clean, dbUrl, type EvalIo, EXIT, number, usage, withStore } from './common.ts';

export const DATASET_USAGE = `usage: keel eval dataset list [--db URL]
       keel eval dataset show NAME [--db URL]
       keel eval dataset import NAME FILE.jsonl|FILE.csv [--provenance human|synthetic|production_trace|unknown] [--db URL]
       keel eval dataset export NAME --out FILE.jsonl|FILE.csv [--version N] [--db URL]
       keel eval dataset from-requests NAME [--since 7d] [--model M] [--feature F] [--tag T]... [--status N]
                                          [--max-rating X] [--min-rating X] [--rule NAME] [--limit N] [--db URL]
       keel eval dataset from-reviews NAME [--rubric NAME] [--all] [--db URL]
       keel eval list [--name NAME] [--limit N] [--json] [--db URL]
`;

const provenanceOf = (text: string | undefined): Provenance | undefined => {
  if (text === undefined) return undefined;
  if (!(PROVENANCES as readonly string[]).includes(text))
    throw usage(`--provenance: one of ${PROVENANCES.join(', ')}`);
  return text as Provenance;
};

const OPTIONS = {
  db: { type: 'string' },
  provenance: { type: 'string' },
  out: { type: 'string' },
  version: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  model: { type: 'string' },
  feature: { type: 'string' },
  tag: { type: 'string', multiple: true },
  status: { type: 'string' },
  'max-rating': { type: 'string' },
  'min-rating': { type: 'string' },
  rule: { type: 'string' },
  limit: { type: 'string' },
  rubric: { type: 'string' },
  all: { type: 'boolean' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>
>['values'];

async function exportTo(repo: DatasetRepo, name: string, values: Values, io: EvalIo): Promise<number> {
  if (!values.out) throw usage('--out FILE is required');
  const format = formatOf(values.out);
  if (!format) throw usage('--out must end in .jsonl or .csv');
  const dataset = await repo.require(name);
  const version =
    number(values.version, '--version', { min: 1, max: 1e9, integer: true }) ?? dataset.latestVersion;
  const stream = await openOutFile(values.out);
  const count = await exportItems({
    datasets: repo,
    datasetId: dataset.id,
    version,
    format,
    write: async (text) => {
      if (!stream.write(text)) await once(stream, 'drain');
    },
  });
  stream.end();
  await once(stream, 'finish');
  io.out(`exported ${count} item(s) of ${name} v${version} to ${values.out}\n`);
  return EXIT.ok;
}

async function fromRequests(
  store: Parameters<Parameters<typeof withStore>[2]>[0],
  name: string,
  values: Values,
  io: EvalIo,
): Promise<number> {
  const now = Date.now();
  const maxRating = number(values['max-rating'], '--max-rating', { min: 0, max: 1 });
  const minRating = number(values['min-rating'], '--min-rating', { min: 0, max: 1 });
  const status = number(values.status, '--status', { min: 100, max: 599, integer: true });
  const limit = number(values.limit, '--limit', { min: 1, max: 100_000, integer: true });
  const result = await itemsFromRequests({
    store,
    datasets: new DatasetRepo(store.sql),
    dataset: name,
    content: samplesContentSource(store.sql),
    ratings: onlineRatings(store.sql, values.rule),
    filter: {
      since: parseSince(values.since ?? '7d', { now, name: '--since' }),
      ...(values.until ? { until: parseSince(values.until, { now, name: '--until' }) } : {}),
      ...(values.model ? { model: values.model } : {}),
      ...(values.feature ? { feature: values.feature } : {}),
      ...(values.tag ? { tags: values.tag } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(maxRating !== undefined ? { maxRating } : {}),
      ...(minRating !== undefined ? { minRating } : {}),
      ...(limit !== undefined ? { limit } : {}),
    },
  });
  const s = result.skipped;
  io.out(
    `added ${result.added} item(s) to ${name} (v${result.version}); skipped ${s.noContent} without kept content, ${s.unrated} unrated, ${s.outsideRating} outside the rating range\n`,
  );
  if (s.noContent > 0)
    io.err('requests have content only when sampled by an online rule with evals.keepSamples: true\n');
  return EXIT.ok;
}

export async function datasetCommand(argv: string[], io: EvalIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const mustExist = sub !== 'import';
  return withStore(dbUrl(values, io), mustExist, async (store) => {
    const repo = new DatasetRepo(store.sql);
    if (sub === 'list') {
      for (const d of await repo.list())
        io.out(`${clean(d.name)}  v${d.latestVersion}  ${clean(d.description)}\n`);
      return EXIT.ok;
    }
    const name = positionals[0];
    if (!name) throw usage(DATASET_USAGE);
    if (sub === 'show') {
      const d = await repo.require(name);
      io.out(`${clean(d.name)} (${d.id}) ${clean(d.description)}\n`);
      for (const v of await repo.versions(d.id))
        io.out(
          `  v${v.version}  ${v.itemCount} items  ${v.locked ? 'locked' : 'draft'}  ${clean(v.message)}\n`,
        );
      return EXIT.ok;
    }
    if (sub === 'import') {
      const file = positionals[1];
      const format = file ? formatOf(file) : null;
      if (!file || !format) throw usage('expected NAME FILE.jsonl|FILE.csv');
      const provenance = provenanceOf(values.provenance);
      const written = await importItems({
        datasets: repo,
        dataset: name,
        text: readFileSync(file, 'utf8'),
        format,
        file,
        ...(provenance ? { defaults: { provenance } } : {}),
      });
      io.out(
        `imported ${written.ids.length} item(s) into ${name} v${written.version}${written.newVersion ? ' (new version: the previous one is used by an experiment)' : ''}\n`,
      );
      return EXIT.ok;
    }
    if (sub === 'export') return exportTo(repo, name, values, io);
    if (sub === 'from-requests') return fromRequests(store, name, values, io);
    if (sub === 'from-reviews') {
      const r = await reviewsToDataset(store.sql, {
        dataset: name,
        ...(values.rubric ? { rubric: values.rubric } : {}),
        passedOnly: !values.all,
      });
      io.out(`added ${r.added} item(s) from reviews to ${name} (v${r.version})\n`);
      return EXIT.ok;
    }
    throw usage(DATASET_USAGE);
  });
}

export async function listCommand(argv: string[], io: EvalIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
    },
    strict: true,
  });
  const limit = number(values.limit, '--limit', { min: 1, max: 500, integer: true }) ?? 20;
  return withStore(dbUrl(values, io), true, async (store) => {
    const list = await new ResultsRepo(store.sql).list({
      ...(values.name ? { name: values.name } : {}),
      limit,
    });
    if (values.json) io.out(`${JSON.stringify(list, null, 2)}\n`);
    else {
      for (const e of list) {
        const targets = (e.summary?.targets ?? [])
          .map((t) => `${t.key} ${(t.passRate * 100).toFixed(0)}%`)
          .join(', ');
        io.out(
          `${e.id}  ${new Date(e.createdAt).toISOString()}  ${clean(e.name).padEnd(20)} ${e.status.padEnd(9)} ${targets}\n`,
        );
      }
    }
    return EXIT.ok;
  });
}
