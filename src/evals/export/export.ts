import { KeelError } from '../../errors/index.ts';
import type { ChatMessage, SqlExecutor } from '../../spec/index.ts';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import type { Provenance } from '../datasets/index.ts';
import {
  datasetSft,
  type Example,
  emptySkips,
  pairwiseDpo,
  reviewDpo,
  reviewKto,
  reviewSft,
  type SkipCounts,
} from './examples.ts';

/**
 * Training-data export: SFT (chat messages), DPO (prompt, chosen, rejected) and KTO (prompt,
 * completion, label), as JSONL in the conversational format TRL and OpenAI fine-tuning read.
 * Synthetic examples are left out unless asked for; examples of unknown provenance stop the
 * export (with how many and from where) unless explicitly allowed; duplicates — same normalised
 * prompt and completion — are written once.
 */

export type ExportFormat = 'sft' | 'dpo' | 'kto';

export interface ExportOptions {
  sql: SqlExecutor;
  format: ExportFormat;
  /** SFT source; without it SFT uses passed reviews. */
  dataset?: string;
  datasetVersion?: number;
  /** `{{var}}` user-message template for items that have variables but no messages. */
  template?: string;
  includeSynthetic?: boolean;
  allowUnknownProvenance?: boolean;
  write: (line: string) => void | Promise<void>;
  /** Extra example sources (e.g. user feedback thumbs → KTO, once the traces module has them). */
  extraSources?: (format: ExportFormat) => AsyncIterable<Example>[];
}

export interface ExportReport {
  format: ExportFormat;
  written: number;
  duplicates: number;
  excludedSynthetic: number;
  byProvenance: Record<Provenance, number>;
  skipped: SkipCounts;
}

function sources(o: ExportOptions, skips: SkipCounts): AsyncIterable<Example>[] {
  const common = { ...(o.template ? { template: o.template } : {}), skips };
  const extra = o.extraSources?.(o.format) ?? [];
  if (o.format === 'sft') {
    return [
      o.dataset
        ? datasetSft(o.sql, {
            ...common,
            dataset: o.dataset,
            ...(o.datasetVersion ? { version: o.datasetVersion } : {}),
          })
        : reviewSft(o.sql, common),
      ...extra,
    ];
  }
  if (o.format === 'dpo') return [pairwiseDpo(o.sql, common), reviewDpo(o.sql, common), ...extra];
  return [reviewKto(o.sql, common), ...extra];
}

async function* all(o: ExportOptions, skips: SkipCounts): AsyncGenerator<Example> {
  for (const source of sources(o, skips)) yield* source;
}

/** Whitespace collapsed, Unicode-normalised, case-folded: the same text however it was typed. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

function normalisedPrompt(prompt: ChatMessage[]) {
  return prompt.map((m) => ({
    role: m.role,
    content: typeof m.content === 'string' ? normaliseText(m.content) : m.content,
  }));
}

export function dedupKey(e: Example): string {
  const completion =
    e.kind === 'dpo'
      ? [normaliseText(e.chosen), normaliseText(e.rejected)]
      : [normaliseText(e.completion), e.kind === 'kto' ? e.label : null];
  return sha256Hex(canonicalJson({ k: e.kind, p: normalisedPrompt(e.prompt), c: completion })).slice(0, 32);
}

const assistant = (content: string) => [{ role: 'assistant', content }];
const plain = (prompt: ChatMessage[]) =>
  prompt.map((m) => ({ role: m.role, content: m.content ?? '', ...(m.name ? { name: m.name } : {}) }));

export function formatExample(e: Example): string {
  if (e.kind === 'sft') return JSON.stringify({ messages: [...plain(e.prompt), ...assistant(e.completion)] });
  if (e.kind === 'dpo')
    return JSON.stringify({
      prompt: plain(e.prompt),
      chosen: assistant(e.chosen),
      rejected: assistant(e.rejected),
    });
  return JSON.stringify({ prompt: plain(e.prompt), completion: assistant(e.completion), label: e.label });
}

/** First pass: refuse before writing anything when unknown-provenance examples would be included. */
async function checkProvenance(o: ExportOptions): Promise<void> {
  if (o.allowUnknownProvenance) return;
  const origins = new Map<string, number>();
  let unknown = 0;
  for await (const e of all(o, emptySkips())) {
    if (e.provenance !== 'unknown') continue;
    unknown++;
    origins.set(e.origin, (origins.get(e.origin) ?? 0) + 1);
  }
  if (unknown === 0) return;
  const where = [...origins].map(([origin, n]) => `${n} from ${origin}`).join('; ');
  throw new KeelError(
    'invalid_request',
    `${unknown} example(s) have unknown provenance (${where}): nobody recorded whether they were written by people, generated, or taken from production, so they may not be fit to train on. Set provenance on the items (import with --provenance) or pass --allow-unknown-provenance`,
    { param: 'provenance', details: { unknown, origins: Object.fromEntries(origins) } },
  );
}

export async function exportTrainingData(o: ExportOptions): Promise<ExportReport> {
  await checkProvenance(o);
  const skips = emptySkips();
  const report: ExportReport = {
    format: o.format,
    written: 0,
    duplicates: 0,
    excludedSynthetic: 0,
    byProvenance: { human: 0, synthetic: 0, production_trace: 0, unknown: 0 },
    skipped: skips,
  };
  const seen = new Set<string>();
  for await (const e of all(o, skips)) {
    if (e.provenance === 'synthetic' && !o.includeSynthetic) {
      report.excludedSynthetic++;
      continue;
    }
    const key = dedupKey(e);
    if (seen.has(key)) {
      report.duplicates++;
      continue;
    }
    seen.add(key);
    await o.write(`${formatExample(e)}\n`);
    report.written++;
    report.byProvenance[e.provenance]++;
  }
  return report;
}
