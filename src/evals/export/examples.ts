import type { ChatMessage, SqlExecutor } from '../../spec/index.ts';
import { pairwiseRows } from '../compare/index.ts';
import { type DatasetItem, DatasetRepo, type Provenance } from '../datasets/index.ts';
import { listTasks, type ReviewTask } from '../review/index.ts';
import { ResultsRepo, renderMessages } from '../runner/index.ts';

/**
 * Training examples, before formatting. Every example says where it came from (`origin`, for the
 * unknown-provenance report) and carries the provenance of the prompt it was built on.
 */

export type Example =
  | { kind: 'sft'; prompt: ChatMessage[]; completion: string; provenance: Provenance; origin: string }
  | {
      kind: 'dpo';
      prompt: ChatMessage[];
      chosen: string;
      rejected: string;
      provenance: Provenance;
      origin: string;
    }
  | {
      kind: 'kto';
      prompt: ChatMessage[];
      completion: string;
      label: boolean;
      provenance: Provenance;
      origin: string;
    };

export interface SkipCounts {
  /** Items without an expected answer (SFT needs one). */
  noCompletion: number;
  /** Items with variables but no messages and no --template to render them. */
  noMessages: number;
  /** Pairwise ties (no preference) and inconsistent verdicts. */
  noPreference: number;
}

export const emptySkips = (): SkipCounts => ({ noCompletion: 0, noMessages: 0, noPreference: 0 });

/** The chat prompt of an item or a review's input: its messages, else its variables through the template. */
export function promptOf(input: unknown, template: string | undefined): ChatMessage[] | null {
  const i = (input ?? {}) as { variables?: Record<string, unknown>; messages?: ChatMessage[] };
  const rendered =
    template && i.variables ? renderMessages([{ role: 'user', content: template }], i.variables) : [];
  const own = Array.isArray(i.messages) ? i.messages : [];
  const prompt = [...rendered, ...own];
  return prompt.length > 0 ? prompt : null;
}

export async function* datasetSft(
  sql: SqlExecutor,
  o: { dataset: string; version?: number; template?: string; skips: SkipCounts },
): AsyncGenerator<Example> {
  const datasets = new DatasetRepo(sql);
  const dataset = await datasets.require(o.dataset);
  const version = o.version ?? dataset.latestVersion;
  for await (const page of datasets.iterate(dataset.id, version)) {
    for (const item of page) {
      const ex = sftOf(item, o.template, o.skips, `dataset ${dataset.name} v${version}`);
      if (ex) yield ex;
    }
  }
}

function sftOf(
  item: DatasetItem,
  template: string | undefined,
  skips: SkipCounts,
  origin: string,
): Example | null {
  if (item.expected === null) {
    skips.noCompletion++;
    return null;
  }
  const prompt = promptOf(item.input, template);
  if (!prompt) {
    skips.noMessages++;
    return null;
  }
  return { kind: 'sft', prompt, completion: item.expected, provenance: item.provenance, origin };
}

async function* submittedReviews(sql: SqlExecutor, rubric?: string): AsyncGenerator<ReviewTask> {
  for (let after: string | undefined; ; ) {
    const page = await listTasks(sql, {
      status: 'submitted',
      ...(rubric ? { rubric } : {}),
      ...(after ? { afterId: after } : {}),
      limit: 1000,
    });
    yield* page;
    if (page.length < 1000) return;
    after = page.at(-1)!.id;
  }
}

const reviewPassed = (t: ReviewTask): boolean | null => t.pass;
const reviewOrigin = (t: ReviewTask) =>
  t.sourceKind === 'request' ? 'review of a production request' : `review of experiment ${t.experimentId}`;

/** Passed reviews as SFT examples (the reviewed answer is the completion). */
export async function* reviewSft(
  sql: SqlExecutor,
  o: { template?: string; skips: SkipCounts },
): AsyncGenerator<Example> {
  for await (const t of submittedReviews(sql)) {
    if (reviewPassed(t) !== true) continue;
    const prompt = promptOf(t.input, o.template);
    if (!prompt) {
      o.skips.noMessages++;
      continue;
    }
    yield { kind: 'sft', prompt, completion: t.output, provenance: t.provenance, origin: reviewOrigin(t) };
  }
}

/** KTO: every pass/fail review is one binary-labelled example. */
export async function* reviewKto(
  sql: SqlExecutor,
  o: { template?: string; skips: SkipCounts },
): AsyncGenerator<Example> {
  for await (const t of submittedReviews(sql)) {
    const label = reviewPassed(t);
    if (label === null) continue;
    const prompt = promptOf(t.input, o.template);
    if (!prompt) {
      o.skips.noMessages++;
      continue;
    }
    yield {
      kind: 'kto',
      prompt,
      completion: t.output,
      label,
      provenance: t.provenance,
      origin: reviewOrigin(t),
    };
  }
}

/** DPO from reviews: for the same input, each passed answer is preferred over each failed one. */
export async function* reviewDpo(
  sql: SqlExecutor,
  o: { template?: string; skips: SkipCounts },
): AsyncGenerator<Example> {
  const byInput = new Map<string, { prompt: ChatMessage[]; good: ReviewTask[]; bad: ReviewTask[] }>();
  for await (const t of submittedReviews(sql)) {
    const passed = reviewPassed(t);
    if (passed === null) continue;
    const prompt = promptOf(t.input, o.template);
    if (!prompt) {
      o.skips.noMessages++;
      continue;
    }
    const key = JSON.stringify(prompt);
    const entry = byInput.get(key) ?? { prompt, good: [], bad: [] };
    (passed ? entry.good : entry.bad).push(t);
    byInput.set(key, entry);
  }
  for (const { prompt, good, bad } of byInput.values()) {
    for (const g of good) {
      for (const b of bad) {
        const provenance = g.provenance === b.provenance ? g.provenance : 'unknown';
        yield {
          kind: 'dpo',
          prompt,
          chosen: g.output,
          rejected: b.output,
          provenance,
          origin: 'reviews of the same input',
        };
      }
    }
  }
}

/** DPO from stored pairwise verdicts: the winner is chosen; ties and inconsistent verdicts are skipped. */
export async function* pairwiseDpo(
  sql: SqlExecutor,
  o: { template?: string; skips: SkipCounts },
): AsyncGenerator<Example> {
  const results = new ResultsRepo(sql);
  const datasets = new DatasetRepo(sql);
  for await (const page of pairwiseRows(sql)) {
    for (const p of page) {
      if (p.winner === 'tie' || !p.consistent) {
        o.skips.noPreference++;
        continue;
      }
      const [a, b, eb] = await Promise.all([
        results.result(p.experimentA, p.itemId, p.targetA),
        results.result(p.experimentB, p.itemId, p.targetB),
        results.get(p.experimentB),
      ]);
      if (!a?.output || !b?.output || !eb) continue;
      const item = await datasets.getItem(eb.datasetId, eb.datasetVersion, p.itemId);
      const prompt = item ? promptOf(item.input, o.template) : null;
      if (!item || !prompt) {
        o.skips.noMessages++;
        continue;
      }
      const [chosen, rejected] = p.winner === 'A' ? [a.output, b.output] : [b.output, a.output];
      yield {
        kind: 'dpo',
        prompt,
        chosen,
        rejected,
        provenance: item.provenance,
        origin: `pairwise ${p.experimentA} vs ${p.experimentB}`,
      };
    }
  }
}
