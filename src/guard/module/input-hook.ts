import type { ChatMessage, ChatRequest, EmbeddingRequest, Role } from '../../spec/chat.ts';
import type { RequestContext } from '../../spec/hooks.ts';
import type { ModelCaller } from '../../spec/scanner.ts';
import { createMaskSession, type MaskSession } from '../mask/index.ts';
import { type CheckpointResult, type Guard, guardrailError } from '../policy/index.ts';
import {
  argumentStrings,
  collectCallArgs,
  collectReasoning,
  replaceCallArgs,
  replaceReasoning,
} from './assistant-history.ts';
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
  declaredTools,
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

interface TextRun {
  guard: Guard;
  policy: string;
  mask: MaskSession | undefined;
  model: ModelCaller | undefined;
  /** Only the policy's mask steps (earlier assistant turns). */
  only?: 'mask';
}

/**
 * Runs the input checkpoint on each text concurrently (one mask session for all); `roles[i]` is
 * the chat role of text i, where known (scanners may treat the operator's system prompt apart).
 */
function runTexts(
  texts: readonly string[],
  run: TextRun,
  roles: ReadonlyArray<Role | undefined> = [],
): Promise<CheckpointResult[]> {
  const ctx = {
    policy: run.policy,
    ...(run.model ? { model: run.model } : {}),
    ...(run.mask ? { mask: run.mask } : {}),
    ...(run.only ? { only: run.only } : {}),
  };
  return Promise.all(
    texts.map((text, i) => {
      const role = roles[i];
      return run.guard.runCheckpoint('input', { kind: 'text', text }, role ? { ...ctx, role } : ctx);
    }),
  );
}

/** Records the runs (one entry per scanner) and throws when any of them blocked. */
function settle(sink: ResultSink, results: readonly CheckpointResult[]): void {
  recordEntries(
    sink,
    foldRecords(
      'input',
      results.map((r) => r.results),
    ),
  );
  const blocked = results.find((r) => r.action === 'block');
  if (blocked) {
    countBlock(sink, 'input', blocked.blockedBy?.scanner ?? 'unknown');
    throw guardrailError(blocked);
  }
}

/** The rewritten text for each input whose checkpoint redacted or masked it. */
function rewrites(texts: readonly string[], results: readonly CheckpointResult[]): Array<string | undefined> {
  return results.map((r, i) =>
    r.action === 'redact' && r.text !== undefined && r.text !== texts[i] ? r.text : undefined,
  );
}

/** Each ref whose new text `next` gives, with that text (refs it leaves undefined are unchanged). */
function changed<R>(refs: readonly R[], next: (ref: R, i: number) => string | undefined) {
  return refs.flatMap((ref, i) => {
    const text = next(ref, i);
    return text === undefined ? [] : [{ ref, text }];
  });
}

/** Earlier assistant turns' texts, reasoning and tool-call argument strings, to be masked (mask policies only). */
function historyOf(messages: readonly ChatMessage[], masking: boolean) {
  const texts = masking ? collectTexts(messages, 'assistant') : [];
  const reasoning = masking ? collectReasoning(messages) : [];
  const calls = masking
    ? collectCallArgs(messages).map((ref) => ({ ...ref, ...argumentStrings(ref.args) }))
    : [];
  const strings = [
    ...new Set([...[...texts, ...reasoning].map((r) => r.text), ...calls.flatMap((c) => c.strings)]),
  ];
  return { texts, reasoning, calls, strings };
}

/**
 * Texts of system, developer, user and tool messages run the whole input checkpoint. Earlier
 * assistant turns (texts, reasoning and tool-call arguments) run only its mask steps: the client sends
 * restored answers back as history, so without them the user's data would go upstream in clear
 * from the second turn on; they are the model's own words, so nothing else (injection, toxicity)
 * screens them as input.
 */
async function screenChat(
  ctx: RequestContext,
  rs: GuardRequestState,
  model: ModelCaller | undefined,
): Promise<void> {
  const request = ctx.request as ChatRequest;
  if (!rs.policy.hasInput || !Array.isArray(request.messages)) return;
  const refs = collectTexts(request.messages);
  const texts = refs.map((r) => r.text);
  const history = historyOf(request.messages, rs.mask !== undefined);
  if (texts.length === 0 && history.strings.length === 0) return;
  // Before any placeholder is made: literal placeholder-shaped text anywhere in the request is taken.
  for (const t of [...texts, ...history.strings]) rs.mask?.reserve(t);
  const run: TextRun = { guard: rs.guard, policy: rs.policy.name, mask: rs.mask, model };
  const [results, masked] = await Promise.all([
    runTexts(
      texts,
      run,
      refs.map((r) => request.messages[r.message]?.role),
    ),
    runTexts(history.strings, { ...run, model: undefined, only: 'mask' }),
  ]);
  settle(rs.sink, [...results, ...masked]);
  const rewritten = new Map<string, string>();
  rewrites(history.strings, masked).forEach((text, i) => {
    if (text !== undefined) rewritten.set(history.strings[i] as string, text);
  });
  const screened = rewrites(texts, results);
  const replaced = [
    ...changed(refs, (_, i) => screened[i]),
    ...changed(history.texts, (ref) => rewritten.get(ref.text)),
  ];
  const args = changed(history.calls, (call) => call.rebuild(rewritten));
  const thoughts = changed(history.reasoning, (ref) => rewritten.get(ref.text));
  if (replaced.length === 0 && args.length === 0 && thoughts.length === 0) return;
  const messages = replaceCallArgs(replaceTexts(request.messages, replaced), args);
  ctx.request = { ...request, messages: replaceReasoning(messages, thoughts) };
}

async function screenEmbeddings(
  ctx: RequestContext,
  rs: GuardRequestState,
  model: ModelCaller | undefined,
): Promise<void> {
  const request = ctx.request as EmbeddingRequest;
  const texts = embeddingTexts(request).filter((t) => t.length > 0);
  if (texts.length === 0 || !rs.policy.hasInput) return;
  for (const t of texts) rs.mask?.reserve(t);
  const results = await runTexts(texts, { guard: rs.guard, policy: rs.policy.name, mask: rs.mask, model });
  settle(rs.sink, results);
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
  const tools = declaredTools(request);
  if (tools) rs.tools = tools;
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
