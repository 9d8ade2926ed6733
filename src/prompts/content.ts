import { z } from 'zod';
import { KeelError } from '../errors/index.ts';
import type { ToolDefinition } from '../spec/index.ts';
import { canonicalJson, sha256Hex } from '../util/index.ts';
import { compileVersion } from './template/compile.ts';
import { VARIABLE_NAME } from './template/parse.ts';
import { assertVariableSpecs } from './template/variables.ts';
import type { PromptVersion, VariableSpec, VersionContent } from './types.ts';
import { parseWith } from './validate.ts';

/** Request fields a version may not set through `parameters` (each has its own field, or is the caller's). */
const RESERVED_PARAMETERS = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'tools',
  'response_format',
  'variables',
];

const variableSpecSchema = z.strictObject({
  type: z.enum(['string', 'number', 'boolean', 'json']).default('string'),
  default: z.unknown().optional(),
  description: z.string().max(2000).optional(),
});

const templateMessageSchema = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.string(),
  name: z.string().min(1).max(64).optional(),
});

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1).max(64), description: z.string().optional() }),
});

/** A version's content as the API and YAML files take it. */
export const versionContentSchema = z
  .strictObject({
    type: z.enum(['chat', 'text']).optional(),
    messages: z.array(templateMessageSchema).min(1).max(1000).optional(),
    text: z.string().optional(),
    variables: z
      .record(z.string().regex(VARIABLE_NAME, 'variable names: letters, digits, _'), variableSpecSchema)
      .optional(),
    model: z.string().min(1).max(256).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    tools: z.array(toolSchema).max(512).optional(),
    responseFormat: z.looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) }).optional(),
  })
  .superRefine((value, ctx) => {
    const type = value.type ?? (value.text !== undefined ? 'text' : 'chat');
    if (type === 'chat' && value.messages === undefined)
      ctx.addIssue({ code: 'custom', path: ['messages'], message: 'a chat prompt needs messages' });
    if (type === 'chat' && value.text !== undefined)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a chat prompt has messages, not text' });
    if (type === 'text' && value.text === undefined)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a text prompt needs text' });
    if (type === 'text' && value.messages !== undefined)
      ctx.addIssue({ code: 'custom', path: ['messages'], message: 'a text prompt has text, not messages' });
    for (const key of Object.keys(value.parameters ?? {})) {
      if (RESERVED_PARAMETERS.includes(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', key],
          message: `'${key}' cannot be a parameter${key === 'model' ? ' (use the model field)' : ''}`,
        });
      }
    }
  });
export type VersionContentInput = z.input<typeof versionContentSchema>;

function sortedRecord<T>(record: Record<string, T> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record ?? {}).sort()) out[key] = (record as Record<string, T>)[key] as T;
  return out;
}

/** Validated content in a fixed key order (files and diffs stay stable). */
export function normalizeContent(input: unknown, where?: string): VersionContent {
  const value = parseWith(versionContentSchema, input, where);
  const type = value.type ?? (value.text !== undefined ? 'text' : 'chat');
  const content: VersionContent = { type, variables: {}, parameters: {} };
  if (type === 'chat')
    content.messages = (value.messages ?? []).map((m) =>
      m.name === undefined ? { role: m.role, content: m.content } : { ...m },
    );
  else content.text = value.text ?? '';
  const variables: Record<string, VariableSpec> = {};
  for (const [name, spec] of Object.entries(sortedRecord(value.variables))) {
    variables[name] = {
      type: spec.type,
      ...(spec.default === undefined ? {} : { default: spec.default }),
      ...(spec.description === undefined ? {} : { description: spec.description }),
    };
  }
  content.variables = variables;
  if (value.model !== undefined) content.model = value.model;
  content.parameters = sortedRecord(value.parameters);
  if (value.tools !== undefined) content.tools = value.tools as ToolDefinition[];
  if (value.responseFormat !== undefined) content.responseFormat = value.responseFormat;
  // JSON round trip: drops undefined, rejects what JSON cannot hold (functions, cycles, NaN become null).
  return JSON.parse(JSON.stringify(content)) as VersionContent;
}

export function contentHash(content: VersionContent): string {
  return sha256Hex(canonicalJson(content));
}

/**
 * Write-time checks beyond the schema: size limit, template syntax, variable defaults. Include
 * targets and cycles are checked by the service against the registry.
 */
export function assertWritableContent(content: VersionContent, limits: { maxTemplateBytes: number }): void {
  const bytes = Buffer.byteLength(canonicalJson(content));
  if (bytes > limits.maxTemplateBytes) {
    throw new KeelError(
      'body_too_large',
      `Prompt content is ${bytes} bytes; the limit is ${limits.maxTemplateBytes} (prompts.maxTemplateBytes)`,
    );
  }
  assertVariableSpecs(content.variables);
  compileVersion({
    prompt: '',
    version: 0,
    content,
    contentHash: '',
    commitMessage: '',
    author: '',
    createdAt: 0,
  } satisfies PromptVersion);
}
