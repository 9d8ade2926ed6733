import type { Scanner } from '../../spec/scanner.ts';
import { safeJsonParse, stripCodeFence, validateJsonSchema } from '../scanners/output/index.ts';
import type { QuarantineBody, QuarantineFlag } from './quarantine-schema.ts';

export type Extraction = { ok: true; variables: Record<string, unknown> } | { ok: false; errors: string[] };

/**
 * Validates the quarantined model's answer against the caller's schema (the output scanner's
 * validator: errors name schema paths and keywords, never the answer's keys or values) and keeps
 * only the declared variables.
 */
export function extractValues(answer: unknown, schema: QuarantineBody['schema']): Extraction {
  if (typeof answer !== 'string' || answer.trim().length === 0)
    return { ok: false, errors: ['empty answer'] };
  const parsed = safeJsonParse(stripCodeFence(answer));
  if (!parsed.ok) return { ok: false, errors: [`answer is not valid JSON (${parsed.reason})`] };
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, errors: ['answer is not a JSON object'] };
  const errors = validateJsonSchema(schema, value);
  // Schema paths, not data paths: the answer's own keys are untrusted text ("additionalProperties"
  // names them), and these errors reach the privileged caller in the 422.
  if (errors.length > 0)
    return { ok: false, errors: errors.slice(0, 5).map((e) => `${e.schemaPath}: ${e.message}`) };
  const variables: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) {
    if (Object.hasOwn(value, name)) variables[name] = (value as Record<string, unknown>)[name];
  }
  return { ok: true, variables };
}

const MAX_STRINGS = 1000;

interface Found {
  path: string;
  text: string;
  /** The text is an object key (free-form objects carry the model's own keys), not a value. */
  key?: true;
}

function strings(value: unknown, at: { path: string; depth: number }, out: Found[]): void {
  if (out.length >= MAX_STRINGS || at.depth > 64) return;
  const depth = at.depth + 1;
  if (typeof value === 'string') out.push({ path: at.path, text: value });
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) strings(value[i], { path: `${at.path}/${i}`, depth }, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (out.length < MAX_STRINGS) out.push({ path: `${at.path}/${k}`, text: k, key: true });
      strings(v, { path: `${at.path}/${k}`, depth }, out);
    }
  }
}

/**
 * Screens every string value, and every key of an object inside a value (a schema that allows a
 * free-form object lets the model choose its keys), with the injection scanner. Values are
 * returned either way: the flags tell the privileged model's caller which ones to treat with suspicion.
 */
export async function flagValues(
  variables: Record<string, unknown>,
  scanner: Scanner,
): Promise<QuarantineFlag[]> {
  const flags: QuarantineFlag[] = [];
  for (const [variable, value] of Object.entries(variables)) {
    const found: Found[] = [];
    strings(value, { path: `/${variable}`, depth: 0 }, found);
    for (const { path, text, key } of found) {
      if (text.length === 0) continue;
      const r = await scanner.scan({ kind: 'text', text }, { checkpoint: 'retrieval' });
      if (r.verdict !== 'pass')
        flags.push({
          variable,
          path,
          scanner: scanner.id,
          verdict: r.verdict,
          score: Math.round(r.score * 1e4) / 1e4,
          ...(key ? { key } : {}),
        });
    }
  }
  return flags;
}
