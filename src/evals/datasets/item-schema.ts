import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import { createScorer, type ScorerSpec } from '../scorers/index.ts';
import { type NewItem, PROVENANCES, type Provenance } from './types.ts';

/**
 * The item shape accepted at every boundary (API bodies, JSONL lines, eval-file tests). Besides the
 * canonical `{input: {variables|messages}, expected, …}` it accepts promptfoo-style `vars`, a
 * top-level `messages`, and a plain-string `input` (becomes the variable `input`), because those
 * are what people have lying around.
 */

export const ITEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const MAX_TEXT = 1_000_000;

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z
    .union([z.string().max(MAX_TEXT), z.array(z.looseObject({ type: z.string() })), z.null()])
    .optional(),
  name: z.string().max(256).optional(),
});
const variables = z.record(z.string().max(256), z.unknown());
const inputObject = z.strictObject({
  variables: variables.optional(),
  messages: z.array(message).min(1).max(10_000).optional(),
});
const assertion = z
  .looseObject({ type: z.string().min(1).max(128), weight: z.number().min(0).optional() })
  .superRefine(({ weight: _weight, ...spec }, ctx) => {
    // Built now, as eval-file scorers are, so a typo fails on import instead of after the model call.
    try {
      createScorer(spec as ScorerSpec);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });

const expectedValue = z
  .union([
    z.string().max(MAX_TEXT),
    z.number(),
    z.boolean(),
    z.record(z.string(), z.unknown()),
    z.array(z.unknown()),
  ])
  .transform((v) => (typeof v === 'string' ? v : JSON.stringify(v)));

export const newItemSchema = z
  .strictObject({
    id: z.string().regex(ITEM_ID_PATTERN, 'use 1-128 letters, digits, _ . : -').optional(),
    input: z.union([z.string().max(MAX_TEXT), inputObject]).optional(),
    vars: variables.optional(),
    messages: z.array(message).min(1).max(10_000).optional(),
    expected: expectedValue.nullable().optional(),
    context: z.union([z.string().max(MAX_TEXT), z.array(z.string().max(MAX_TEXT)).max(1000)]).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string().min(1).max(128)).max(100).optional(),
    provenance: z.enum(PROVENANCES as [Provenance, ...Provenance[]]).optional(),
    source: z.string().max(512).nullable().optional(),
    assert: z.array(assertion).max(100).optional(),
  })
  .transform((raw, ctx): NewItem => {
    const input =
      typeof raw.input === 'string' ? { variables: { input: raw.input } } : { ...(raw.input ?? {}) };
    if (raw.vars) input.variables = { ...raw.vars, ...input.variables };
    if (raw.messages) input.messages = raw.messages as NonNullable<typeof input.messages>;
    if (!input.variables && !input.messages) {
      ctx.addIssue({ code: 'custom', message: 'an item needs input variables or messages', path: ['input'] });
      return z.NEVER;
    }
    const item: NewItem = { input: input as NewItem['input'] };
    if (raw.id !== undefined) item.id = raw.id;
    if (raw.expected !== undefined) item.expected = raw.expected;
    if (raw.context !== undefined)
      item.context = typeof raw.context === 'string' ? [raw.context] : raw.context;
    if (raw.metadata !== undefined) item.metadata = raw.metadata;
    if (raw.tags !== undefined) item.tags = raw.tags;
    if (raw.provenance !== undefined) item.provenance = raw.provenance;
    if (raw.source !== undefined) item.source = raw.source;
    if (raw.assert !== undefined) item.assertions = raw.assert;
    return item;
  });

/** Validates one item; `where` names it in the error (`line 12`, `tests[3]`). */
export function parseItem(raw: unknown, where: string): NewItem {
  const parsed = newItemSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new KeelError(
    'invalid_request',
    `${where}: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid item'}`,
    {
      param: path || 'item',
    },
  );
}

/** Content-derived id for items given without one: equal items get equal ids across imports. */
export function contentId(item: NewItem): string {
  return `i-${sha256Hex(canonicalJson({ input: item.input, expected: item.expected ?? null })).slice(0, 16)}`;
}

/** Gives every item an id; repeats of the same content get `-2`, `-3`… so ids stay unique. */
export function assignIds<T extends NewItem>(
  items: readonly T[],
  taken: Set<string> = new Set(),
): (T & { id: string })[] {
  return items.map((item) => {
    const base = item.id ?? contentId(item);
    let id = base;
    for (let n = 2; taken.has(id); n++) {
      if (item.id !== undefined) {
        throw new KeelError('conflict', `Item id '${item.id}' is used twice`, { param: 'id' });
      }
      id = `${base}-${n}`;
    }
    taken.add(id);
    return { ...item, id };
  });
}
