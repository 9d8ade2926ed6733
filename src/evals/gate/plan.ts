import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { KeelError } from '../../errors/index.ts';
import { type DatasetRepo, formatOf, parseItemsFile } from '../datasets/index.ts';
import { DEFAULT_RUN, type ExperimentPlan, type MessageTemplate, type Target } from '../runner/index.ts';
import { SCORER_REGISTRY } from '../scorers/index.ts';
import type { EvalFile, PromptEntry } from './eval-file-schema.ts';
import type { LoadedEvalFile } from './load-eval-file.ts';

/** Eval file → experiment plan: targets (prompts × models), the dataset version, run options. */

interface PromptSpec {
  id: string;
  templates?: MessageTemplate[];
  ref?: string;
}

function promptSpecs(entries: readonly PromptEntry[]): PromptSpec[] {
  return entries.map((entry, i) => {
    const fallback = `p${i + 1}`;
    if (typeof entry === 'string') return { id: fallback, templates: [{ role: 'user', content: entry }] };
    if ('template' in entry)
      return { id: entry.id ?? fallback, templates: [{ role: 'user', content: entry.template }] };
    if ('messages' in entry) return { id: entry.id ?? fallback, templates: entry.messages };
    return { id: entry.id ?? entry.prompt.replace(/^prompt:/, ''), ref: entry.prompt };
  });
}

function modelSpecs(spec: EvalFile) {
  return (spec.models ?? []).map((m) =>
    typeof m === 'string'
      ? { id: m, model: m, params: {} }
      : { id: m.id ?? m.model, model: m.model, params: m.params ?? {} },
  );
}

/** Targets: every prompt × every model; keys are the model id, or `PROMPT|MODEL` with several prompts. */
export function targetsOf(spec: EvalFile, override?: { models?: string[] }): Target[] {
  const prompts = promptSpecs(spec.prompts ?? []);
  const models = override?.models
    ? override.models.map((m) => ({ id: m, model: m, params: {} }))
    : modelSpecs(spec);
  const base = spec.params ?? {};
  const targets: Target[] = [];
  const several = prompts.length > 1;
  const key = (p: PromptSpec, m: string) => (several ? `${p.id}|${m}` : m);
  if (prompts.length === 0) {
    if (models.length === 0)
      throw new KeelError(
        'config_invalid',
        'The eval needs `models` (or a registry `prompt` that names its model)',
      );
    for (const m of models)
      targets.push({ kind: 'model', key: m.id, model: m.model, params: { ...base, ...m.params } });
  }
  for (const p of prompts) {
    if (p.ref !== undefined && models.length === 0) {
      targets.push({
        kind: 'gateway-prompt',
        key: several ? p.id : `prompt:${p.ref.replace(/^prompt:/, '')}`,
        ref: p.ref,
        params: base,
      });
      continue;
    }
    if (models.length === 0)
      throw new KeelError('config_invalid', `Prompt '${p.id}' needs \`models\` to run against`);
    for (const m of models) {
      const params = { ...base, ...m.params };
      targets.push(
        p.ref !== undefined
          ? { kind: 'rendered-prompt', key: key(p, m.id), ref: p.ref, model: m.model, params }
          : { kind: 'model', key: key(p, m.id), model: m.model, templates: p.templates!, params },
      );
    }
  }
  const keys = new Set<string>();
  for (const t of targets) {
    if (keys.has(t.key))
      throw new KeelError(
        'config_invalid',
        `Two targets share the key '${t.key}'; give prompts or models distinct ids`,
      );
    keys.add(t.key);
  }
  return targets;
}

/** Resolves the dataset: a stored one (latest or a pinned version), or a file / inline tests synced into one. */
export async function resolveDataset(
  loaded: LoadedEvalFile,
  datasets: DatasetRepo,
): Promise<ExperimentPlan['dataset']> {
  const ref = loaded.spec.dataset;
  if (loaded.items) {
    const name = `eval:${loaded.name}`;
    const synced = await datasets.sync(name, loaded.items, `inline tests of ${basename(loaded.file)}`);
    return { id: synced.dataset.id, name, version: synced.version };
  }
  if (typeof ref === 'string' || (ref && 'name' in ref && !('file' in ref))) {
    const name = typeof ref === 'string' ? ref : ref.name;
    const dataset = await datasets.require(name);
    const version = typeof ref === 'string' ? dataset.latestVersion : (ref.version ?? dataset.latestVersion);
    await datasets.version(dataset.id, version);
    return { id: dataset.id, name, version };
  }
  const fileRef = ref as {
    file: string;
    name?: string;
    provenance?: 'human' | 'synthetic' | 'production_trace' | 'unknown';
  };
  const path = resolve(loaded.dir, fileRef.file);
  const format = formatOf(path);
  if (!format)
    throw new KeelError('config_invalid', `dataset.file: '${fileRef.file}' must be .jsonl or .csv`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KeelError('config_invalid', `dataset.file: cannot read ${path}`);
  }
  const items = parseItemsFile(text, format, {
    source: `import:${basename(path)}`,
    ...(fileRef.provenance ? { provenance: fileRef.provenance } : {}),
  });
  const name = fileRef.name ?? `eval:${loaded.name}`;
  const synced = await datasets.sync(name, items, `from ${basename(path)}`);
  return { id: synced.dataset.id, name, version: synced.version };
}

export interface PlanOverrides {
  /** Replace the file's models (a schedule's model, `--model`). */
  models?: string[];
  maxCostUsd?: number;
  concurrency?: number;
  source?: string;
  judgeModel?: string;
}

export async function planFromEvalFile(
  loaded: LoadedEvalFile,
  datasets: DatasetRepo,
  o: PlanOverrides = {},
): Promise<ExperimentPlan> {
  const { spec } = loaded;
  const targets = targetsOf(spec, o.models ? { models: o.models } : undefined);
  const judgeModel = o.judgeModel ?? spec.judge;
  const needsJudge = spec.scorers.some(
    (s) => SCORER_REGISTRY.get(s.type)?.modelGraded && s.judge === undefined,
  );
  const inlineJudge = (loaded.items ?? []).some((i) =>
    (i.assertions ?? []).some((a) => SCORER_REGISTRY.get(a.type)?.modelGraded && a.judge === undefined),
  );
  if ((needsJudge || inlineJudge) && judgeModel === undefined) {
    throw new KeelError(
      'config_invalid',
      'Model-graded scorers need a judge: set `judge: MODEL` in the eval file (or `judge:` on the scorer)',
    );
  }
  const r = spec.run;
  const maxCost = o.maxCostUsd ?? r.maxCost;
  const plan: ExperimentPlan = {
    name: loaded.name,
    dataset: await resolveDataset(loaded, datasets),
    targets,
    scorers: spec.scorers,
    run: {
      concurrency: o.concurrency ?? r.concurrency ?? DEFAULT_RUN.concurrency,
      retries: r.retries ?? DEFAULT_RUN.retries,
      timeoutMs: r.timeoutMs ?? DEFAULT_RUN.timeoutMs,
      estimateOutputTokens: r.estimateOutputTokens ?? DEFAULT_RUN.estimateOutputTokens,
      cache: r.cache ?? DEFAULT_RUN.cache,
      ...(maxCost !== undefined ? { maxCostUsd: maxCost } : {}),
    },
    source: o.source ?? 'cli',
    config: {
      file: basename(loaded.file),
      ...(spec as unknown as Record<string, unknown>),
      tests: undefined,
    },
  };
  if (judgeModel !== undefined) plan.judgeModel = judgeModel;
  return plan;
}
