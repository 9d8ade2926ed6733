import { KeelError } from '../errors/index.ts';
import type {
  ChatChoice,
  ChatCompletion,
  ChatCompletionChunk,
  FinishReason,
  ThinkingBlock,
  ToolCall,
  WireUsage,
} from '../spec/chat.ts';

/**
 * Text fields beyond `content` that some upstreams stream as deltas (OpenAI's `refusal`,
 * DeepSeek/vLLM's `reasoning_content`); concatenated like content and replayed the same way.
 */
export const EXTRA_TEXT_FIELDS: readonly string[] = ['refusal', 'reasoning_content'];

interface ChoiceState {
  content: string | null;
  extra: Map<string, string>;
  calls: Map<number, ToolCall>;
  /** A legacy `function_call` (clients that send `functions`): name once, arguments appended. */
  functionCall?: { name: string; arguments: string };
  /** Token logprobs (`content`, `refusal`), concatenated in stream order. */
  logprobs?: Record<string, unknown[]>;
  /** Extended-thinking blocks: each stream entry is one whole block (signature included), in order. */
  thinking: ThinkingBlock[];
  finish: FinishReason;
  stopSequence?: string;
}

function applyToolCalls(
  state: ChoiceState,
  deltas: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>,
) {
  for (const delta of deltas) {
    let call = state.calls.get(delta.index);
    if (!call) {
      call = { id: '', type: 'function', function: { name: '', arguments: '' } };
      state.calls.set(delta.index, call);
    }
    if (delta.id && !call.id) call.id = delta.id;
    // The name arrives whole in the first delta; some upstreams repeat it later, so never append.
    if (delta.function?.name && !call.function.name) call.function.name = delta.function.name;
    if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
  }
}

function applyFunctionCall(state: ChoiceState, delta: unknown): void {
  if (delta === null || typeof delta !== 'object') return;
  const { name, arguments: args } = delta as { name?: unknown; arguments?: unknown };
  state.functionCall ??= { name: '', arguments: '' };
  if (typeof name === 'string' && name && !state.functionCall.name) state.functionCall.name = name;
  if (typeof args === 'string') state.functionCall.arguments += args;
}

function applyLogprobs(state: ChoiceState, logprobs: unknown): void {
  if (logprobs === null || typeof logprobs !== 'object') return;
  for (const [field, tokens] of Object.entries(logprobs)) {
    if (!Array.isArray(tokens)) continue;
    state.logprobs ??= {};
    state.logprobs[field] = [...(state.logprobs[field] ?? []), ...tokens];
  }
}

function applyChoice(state: ChoiceState, choice: ChatCompletionChunk['choices'][number]): void {
  const delta = choice.delta as ChatCompletionChunk['choices'][number]['delta'] & Record<string, unknown>;
  if (typeof delta.content === 'string') state.content = (state.content ?? '') + delta.content;
  for (const field of EXTRA_TEXT_FIELDS) {
    const text = delta[field];
    if (typeof text === 'string') state.extra.set(field, (state.extra.get(field) ?? '') + text);
  }
  if (delta.tool_calls) applyToolCalls(state, delta.tool_calls);
  if (delta.function_call !== undefined) applyFunctionCall(state, delta.function_call);
  if (choice.logprobs !== undefined) applyLogprobs(state, choice.logprobs);
  if (Array.isArray(delta.thinking_blocks)) state.thinking.push(...delta.thinking_blocks);
  if (choice.finish_reason) state.finish = choice.finish_reason;
  if (typeof choice.stop_sequence === 'string') state.stopSequence = choice.stop_sequence;
}

function toChoice(index: number, state: ChoiceState): ChatChoice {
  const message: ChatChoice['message'] = { role: 'assistant', content: state.content };
  for (const [field, text] of state.extra) message[field] = text;
  if (state.thinking.length > 0) message.thinking_blocks = state.thinking;
  if (state.calls.size > 0) {
    message.tool_calls = [...state.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  }
  if (state.functionCall) message.function_call = state.functionCall;
  const choice: ChatChoice = { index, message, finish_reason: state.finish };
  if (state.stopSequence !== undefined) choice.stop_sequence = state.stopSequence;
  if (state.logprobs) choice.logprobs = state.logprobs;
  return choice;
}

/**
 * Builds the ChatCompletion a finished stream amounts to (content concatenated, tool calls assembled
 * by index, a legacy function_call, logprobs concatenated, last finish_reason, usage from the usage
 * chunk), so a streamed answer can be cached and later served to non-streaming requests too.
 */
export function assembleFromChunks(chunks: readonly ChatCompletionChunk[]): ChatCompletion {
  const first = chunks[0];
  if (!first) throw new KeelError('internal_error', 'Cannot assemble a completion from an empty stream');
  const states = new Map<number, ChoiceState>();
  let usage: WireUsage | undefined;
  let fingerprint: string | null | undefined;
  for (const chunk of chunks) {
    for (const choice of chunk.choices ?? []) {
      let state = states.get(choice.index);
      if (!state) {
        state = { content: null, extra: new Map(), calls: new Map(), thinking: [], finish: null };
        states.set(choice.index, state);
      }
      applyChoice(state, choice);
    }
    if (chunk.usage) usage = chunk.usage;
    if (chunk.system_fingerprint !== undefined) fingerprint = chunk.system_fingerprint;
  }
  const body: ChatCompletion = {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    choices: [...states.entries()].sort(([a], [b]) => a - b).map(([index, state]) => toChoice(index, state)),
  };
  if (fingerprint !== undefined) body.system_fingerprint = fingerprint;
  if (usage) body.usage = usage;
  return body;
}
