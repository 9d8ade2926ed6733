import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { parseBody } from '../../gateway/index.ts';
import type { ChatMessage, ToolCall } from '../../spec/chat.ts';
import type { ModelCaller, ScanInput } from '../../spec/scanner.ts';
import { createMaskSession } from '../mask/index.ts';
import { CHECKPOINTS, type CheckpointResult, type GuardRunContext } from '../policy/index.ts';
import type { GuardState } from './compile.ts';
import { collectTexts, replaceTexts } from './request-texts.ts';
import { foldRecords } from './results.ts';

/** Largest accepted scan body (the gateway's own limit is larger; scanning is CPU on the request path). */
export const SCAN_BODY_LIMIT = 1024 * 1024;

const argumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);
const toolCallSchema = z.union([
  z.strictObject({
    id: z.string().max(256).optional(),
    type: z.literal('function').optional(),
    function: z.strictObject({ name: z.string().min(1).max(256), arguments: argumentsSchema }),
  }),
  z.strictObject({
    id: z.string().max(256).optional(),
    name: z.string().min(1).max(256),
    arguments: argumentsSchema,
  }),
]);
const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string().min(1) })), z.null()]).optional(),
});

export const scanBodySchema = z
  .strictObject({
    text: z.string().optional(),
    messages: z.array(messageSchema).min(1).max(10_000).optional(),
    tool_call: toolCallSchema.optional(),
    checkpoint: z.enum(CHECKPOINTS).optional(),
    policy: z.string().min(1).max(64).optional(),
    /** What checkpoint scanners compare against (leakage, consistency, argument schemas, JSON schema). */
    context: z
      .strictObject({
        systemPrompt: z.string().optional(),
        userRequest: z.string().optional(),
        tools: z
          .array(
            z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
          )
          .optional(),
        responseSchema: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
  })
  .refine((b) => [b.text, b.messages, b.tool_call].filter((x) => x !== undefined).length === 1, {
    message: "give exactly one of 'text', 'messages' or 'tool_call'",
  });
type ScanBody = z.infer<typeof scanBodySchema>;

function toolCallOf(raw: NonNullable<ScanBody['tool_call']>): ToolCall {
  const fn = 'function' in raw ? raw.function : { name: raw.name, arguments: raw.arguments };
  // The body parser refuses nesting past MAX_JSON_DEPTH, so stringifying parsed arguments cannot
  // overflow the stack.
  const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments);
  return { id: raw.id ?? 'call_scan', type: 'function', function: { name: fn.name, arguments: args } };
}

function policyOf(state: GuardState | null, body: ScanBody): { state: GuardState; policy: string } {
  if (!state)
    throw new KeelError('invalid_request', 'No guard policies are configured (guard.policies in keel.yaml)');
  if (body.policy !== undefined) {
    if (!state.policies.has(body.policy))
      throw new KeelError('invalid_request', `Unknown guard policy '${body.policy}'`, { param: 'policy' });
    return { state, policy: body.policy };
  }
  const policy = state.select({ route: '/v1/guard/scan' });
  if (policy === undefined)
    throw new KeelError(
      'invalid_request',
      "No guard policy applies: set guard.defaultPolicy or pass 'policy'",
      {
        param: 'policy',
      },
    );
  return { state, policy };
}

function runContext(body: ScanBody, policy: string): GuardRunContext {
  const c = body.context ?? {};
  return {
    policy,
    ...(c.systemPrompt !== undefined ? { systemPrompt: c.systemPrompt } : {}),
    ...(c.userRequest !== undefined ? { userRequest: c.userRequest } : {}),
    ...(c.tools ? { tools: c.tools as GuardRunContext['tools'] } : {}),
    ...(c.responseSchema ? { responseSchema: c.responseSchema } : {}),
  };
}

const SEVERITY = { allow: 0, flag: 1, redact: 2, block: 3 } as const;

async function scanMessages(state: GuardState, body: ScanBody, ctx: GuardRunContext) {
  const messages = body.messages as ChatMessage[];
  const checkpoint = body.checkpoint ?? 'input';
  // As in the gateway: the output checkpoint reads the model's (assistant) turns, the others the
  // system, developer, user and tool messages.
  const refs = collectTexts(messages, checkpoint === 'output' ? 'assistant' : 'screened');
  const mask = createMaskSession();
  const results = await Promise.all(
    refs.map((r) =>
      state.guard.runCheckpoint(
        checkpoint,
        { kind: 'text', text: r.text },
        { ...ctx, mask, role: messages[r.message]!.role },
      ),
    ),
  );
  let worst: CheckpointResult | undefined;
  for (const r of results) if (!worst || SEVERITY[r.action] > SEVERITY[worst.action]) worst = r;
  const replaced = results.flatMap((r, i) =>
    r.action === 'redact' && r.text !== undefined
      ? [{ ref: refs[i] as (typeof refs)[number], text: r.text }]
      : [],
  );
  return {
    action: worst?.action ?? 'allow',
    policy: ctx.policy,
    checkpoint,
    ...(worst?.blockedBy ? { blockedBy: worst.blockedBy } : {}),
    results: foldRecords(
      checkpoint,
      results.map((r) => r.results),
    ).map(({ checkpoint: _c, ...rest }) => rest),
    ...(worst?.action === 'redact' ? { redacted: replaceTexts(messages, replaced) } : {}),
  };
}

async function scan(state: GuardState, body: ScanBody, policy: string, model: ModelCaller | undefined) {
  const ctx = { ...runContext(body, policy), ...(model ? { model } : {}) };
  if (body.messages) return scanMessages(state, body, ctx);
  const input: ScanInput =
    body.tool_call !== undefined
      ? { kind: 'tool_call', call: toolCallOf(body.tool_call) }
      : { kind: 'text', text: body.text ?? '' };
  const checkpoint = body.checkpoint ?? (input.kind === 'tool_call' ? 'action' : 'input');
  const r = await state.guard.runCheckpoint(checkpoint, input, ctx);
  return {
    action: r.action,
    policy,
    checkpoint,
    ...(r.blockedBy ? { blockedBy: r.blockedBy } : {}),
    results: r.results,
    ...(r.action === 'redact' && r.text !== undefined ? { redacted: r.text } : {}),
  };
}

/**
 * `POST /v1/guard/scan`: runs one checkpoint of a policy over a text, chat messages or a tool
 * call and returns the verdict. A block is a verdict (200), not an error. The mask mapping of a
 * `mask` step is never returned — only the masked text.
 */
export function registerScanRoute(
  app: FastifyInstance,
  deps: { state: () => GuardState | null; modelFor?: (request: FastifyRequest) => ModelCaller },
): void {
  app.post('/v1/guard/scan', { bodyLimit: SCAN_BODY_LIMIT }, async (request) => {
    const body = parseBody(scanBodySchema, request.body);
    const { state, policy } = policyOf(deps.state(), body);
    return scan(state, body, policy, deps.modelFor?.(request));
  });
}
