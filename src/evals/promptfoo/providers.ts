/**
 * promptfoo providers → Keel models. `openai:chat:gpt-4o`, `openai:gpt-4o`, `anthropic:messages:
 * claude-…` and the like become the model part (`gpt-4o`); `--model-map a=b` renames (matched on
 * the full provider id first, then on the model part). Request parameters in a provider's
 * `config` carry over; credentials and endpoint settings never do (they belong in keel.yaml).
 */

export interface ImportedModel {
  id: string;
  model: string;
  params: Record<string, unknown>;
}

const KINDS = new Set([
  'chat',
  'completion',
  'completions',
  'messages',
  'responses',
  'embedding',
  'embeddings',
]);

/** Request parameters that mean the same on the OpenAI wire Keel speaks. */
const PARAMS = new Set([
  'temperature',
  'max_tokens',
  'max_completion_tokens',
  'top_p',
  'frequency_penalty',
  'presence_penalty',
  'stop',
  'seed',
  'response_format',
  'tools',
  'tool_choice',
]);

export function modelPart(providerId: string): string {
  const parts = providerId.split(':');
  if (parts.length === 1) return providerId;
  const rest = parts.slice(1);
  if (rest.length > 1 && KINDS.has(rest[0]!)) rest.shift();
  return rest.join(':');
}

export function parseModelMap(entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) throw new Error(`--model-map: '${entry}' is not FROM=TO`);
    map.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim());
  }
  return map;
}

export function keelModel(providerId: string, map: ReadonlyMap<string, string>): string {
  return map.get(providerId) ?? map.get(modelPart(providerId)) ?? modelPart(providerId);
}

interface ProviderObject {
  id?: unknown;
  label?: unknown;
  config?: unknown;
}

function fromEntry(
  id: string,
  options: ProviderObject,
  map: ReadonlyMap<string, string>,
  warnings: string[],
): ImportedModel | null {
  if (
    id.startsWith('file://') ||
    id.startsWith('exec:') ||
    id.startsWith('python:') ||
    id.startsWith('http') ||
    id === 'echo'
  ) {
    warnings.push(
      `provider '${id}' has no Keel equivalent (only model providers map to Keel models); left out`,
    );
    return null;
  }
  const model = keelModel(id, map);
  const params: Record<string, unknown> = {};
  const config =
    options.config && typeof options.config === 'object' ? (options.config as Record<string, unknown>) : {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (PARAMS.has(key)) params[key] = value;
    else dropped.push(key);
  }
  if (dropped.length > 0) {
    warnings.push(
      `provider '${id}': config ${dropped.map((k) => `'${k}'`).join(', ')} not carried over (credentials and endpoints belong in keel.yaml)`,
    );
  }
  const label = typeof options.label === 'string' && options.label !== '' ? options.label : model;
  return { id: label, model, params };
}

/** Every provider form promptfoo accepts: a string, a list, objects with id/label/config, or an id → options map. */
export function importProviders(
  raw: unknown,
  map: ReadonlyMap<string, string>,
  warnings: string[],
): ImportedModel[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: ImportedModel[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') {
      const m = fromEntry(entry, {}, map, warnings);
      if (m) out.push(m);
    } else if (entry && typeof entry === 'object') {
      const obj = entry as ProviderObject & Record<string, unknown>;
      if (typeof obj.id === 'string') {
        const m = fromEntry(obj.id, obj, map, warnings);
        if (m) out.push(m);
        continue;
      }
      for (const [id, options] of Object.entries(obj)) {
        const m = fromEntry(id, (options ?? {}) as ProviderObject, map, warnings);
        if (m) out.push(m);
      }
    } else {
      warnings.push('a provider entry that is neither a string nor an object was left out');
    }
  }
  return out;
}
