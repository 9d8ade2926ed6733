import type { ChatRequest, EmbeddingRequest } from '../../spec/chat.ts';
import type { RequestContext } from '../../spec/hooks.ts';
import type { ModelCaller } from '../../spec/scanner.ts';
import { createMaskSession, type MaskSession } from '../mask/index.ts';
import { type CheckpointResult, type Guard, guardrailError } from '../policy/index.ts';
import type { CompiledPolicy, GuardState } from './compile.ts';
import type { GuardMetrics } from './metrics.ts';
import {
  type GuardRequestState,
  guardFor,
  isJudgeCall,
  isQuarantineCall,
  STATE_KEY,
  selectorOf,
} from './request-state.ts';
import {
  collectTexts,
  embeddingTexts,
  lastUserText,
  replaceEmbeddingTexts,
  replaceTexts,
  responseSchemaOf,
  systemPromptOf,
} from './request-texts.ts';
import { countBlock, foldRecords, type ResultSink, recordEntries } from './results.ts';

export interface InputHookEnv {
  state: GuardState;
  metrics: GuardMetrics;
  quarantineToken: Buffer;
  judgeToken: Buffer;
  /** A model caller acting for this request's caller (for `judge` steps). */
  modelFor(ctx: RequestContext): ModelCaller;
}

/** Screens texts concurrently (one checkpoint run per text, one mask session for all). */
async function screenTexts(
  texts: readonly string[],
  run: {
    guard: Guard;
    policy: string;
    mask: MaskSession | undefined;
    sink: ResultSink;
    model: ModelCaller | undefined;
  },
): Promise<CheckpointResult[]> {
  const ctx = {
    policy: run.policy,
    ...(run.model ? { model: run.model } : {}),
    ...(run.mask ? { mask: run.mask } : {}),
  };
  const results = await Promise.all(
    texts.map((text) => run.guard.runCheckpoint('input', { kind: 'text', text }, ctx)),
  );
  recordEntries(
    run.sink,
    foldRecords(
      'input',
      results.map((r) => r.results),
    ),
  );
  const blocked = results.find((r) => r.action === 'block');
  if (blocked) {
    countBlock(run.sink, 'input', blocked.blockedBy?.scanner ?? 'unknown');
    throw guardrailError(blocked);
  }
  return results;
}

/** The rewritten text for each input whose checkpoint redacted or masked it. */
function rewrites(texts: readonly string[], results: readonly CheckpointResult[]): Array<string | undefined> {
  return results.map((r, i) =>
    r.action === 'redact' && r.text !== undefined && r.text !== texts[i] ? r.text : undefined,
  );
}

async function screenChat(
  ctx: RequestContext,
  rs: GuardRequestState,
  model: ModelCaller | undefined,
): Promise<void> {
  const request = ctx.request as ChatRequest;
  if (!rs.policy.hasInput || !Array.isArray(request.messages)) return;
  const refs = collectTexts(request.messages);
  if (refs.length === 0) return;
  const texts = refs.map((r) => r.text);
  const results = await screenTexts(texts, {
    guard: rs.guard,
    policy: rs.policy.name,
    mask: rs.mask,
    sink: rs.sink,
    model,
  });
  const replaced = rewrites(texts, results).flatMap((text, i) =>
    text === undefined ? [] : [{ ref: refs[i] as (typeof refs)[number], text }],
  );
  if (replaced.length > 0) ctx.request = { ...request, messages: replaceTexts(request.messages, replaced) };
}

async function screenEmbeddings(
  ctx: RequestContext,
  rs: GuardRequestState,
  model: ModelCaller | undefined,
): Promise<void> {
  const request = ctx.request as EmbeddingRequest;
  const texts = embeddingTexts(request).filter((t) => t.length > 0);
  if (texts.length === 0 || !rs.policy.hasInput) return;
  const results = await screenTexts(texts, {
    guard: rs.guard,
    policy: rs.policy.name,
    mask: rs.mask,
    sink: rs.sink,
    model,
  });
  const changed = rewrites(texts, results);
  if (changed.every((t) => t === undefined)) return;
  const all = embeddingTexts(request);
  let k = 0;
  const next = all.map((t) => (t.length === 0 ? t : (changed[k++] ?? t)));
  ctx.request = replaceEmbeddingTexts(request, next);
}

/** What the output hooks need from the (possibly rewritten) request. */
function rememberRequest(rs: GuardRequestState, request: ChatRequest): void {
  if (!rs.policy.hasOutput && !rs.policy.hasAction) return;
  const messages = Array.isArray(request.messages) ? request.messages : [];
  const systemPrompt = systemPromptOf(messages);
  if (systemPrompt !== undefined) rs.systemPrompt = systemPrompt;
  const userRequest = lastUserText(messages);
  if (userRequest !== undefined) rs.userRequest = userRequest;
  if (Array.isArray(request.tools)) rs.tools = request.tools;
  const schema = responseSchemaOf(request);
  if (schema) rs.responseSchema = schema;
}

function isActive(
  policy: CompiledPolicy,
  endpoint: RequestContext['endpoint'],
  embeddings: boolean,
): boolean {
  if (endpoint === 'embeddings') return embeddings && policy.hasInput;
  return policy.hasInput || policy.hasOutput || policy.hasAction;
}

/**
 * beforeRequest: picks the request's policy, runs the input checkpoint over its texts (block →
 * `guardrail_blocked`; redact/mask → the texts are rewritten before the upstream call) and keeps
 * what the output hooks need in `ctx.state`.
 */
export async function screenRequest(ctx: RequestContext, env: InputHookEnv): Promise<void> {
  const { state } = env;
  // A judge step's own model call: the text it classifies is the attack, so it is not screened.
  if (isJudgeCall(ctx, env.judgeToken)) return;
  const name = state.select(selectorOf(ctx));
  const policy = name === undefined ? undefined : state.policies.get(name);
  if (!policy || !isActive(policy, ctx.endpoint, state.section.embeddings)) return;
  const rs: GuardRequestState = {
    policy,
    guard: guardFor(state, isQuarantineCall(ctx, env.quarantineToken)),
    sink: { metadata: ctx.metadata, metrics: env.metrics, policy: policy.name },
    stream: state.section.stream,
  };
  if (policy.masksInput) rs.mask = createMaskSession();
  const model = policy.judgesInput ? env.modelFor(ctx) : undefined;
  ctx.state.set(STATE_KEY, rs);
  if (ctx.endpoint === 'embeddings') {
    await screenEmbeddings(ctx, rs, model);
    return;
  }
  await screenChat(ctx, rs, model);
  rememberRequest(rs, ctx.request as ChatRequest);
}
