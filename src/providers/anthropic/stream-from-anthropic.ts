import { KeelError } from '../../errors/index.ts';
import type { ChunkChoice, FinishReason, StreamPart, Usage } from '../../spec/index.ts';
import { anthropicStreamError } from './errors.ts';
import { finishReasonFromAnthropic, stopSequenceFromAnthropic } from './response-from-anthropic.ts';
import type { AnthropicUsage, SseEvent } from './types.ts';
import { usageFromAnthropic, usageOnlyChunk } from './usage.ts';

export interface StreamFromAnthropicOptions {
  /** The caller asked for `stream_options.include_usage`: end with a usage-only chunk. */
  includeUsage: boolean;
  /** Provider name, for error messages. */
  provider: string;
  /** Credentials to scrub from echoed upstream error texts. */
  secrets?: readonly string[];
  /** Unix seconds for `created` (injectable for tests). */
  created?: number;
}

type Json = Record<string, unknown>;
type Delta = ChunkChoice['delta'];

interface BlockState {
  kind: 'text' | 'tool' | 'thinking' | 'other';
  /** OpenAI tool_calls index of a tool_use block (Anthropic indexes count text blocks too). */
  toolIndex: number;
  /** A thinking block's text and signature so far, sent whole as a thinking_blocks entry at its end. */
  thinking?: { text: string; signature: string };
  /** A tool_use block sent some of its arguments (one without any ends with `{}`, as OpenAI's do). */
  argsSent?: boolean;
}

const USAGE_KEYS = [
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
];

function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * Translates one Anthropic Messages stream into OpenAI chat.completion.chunk texts. Feed it the SSE
 * events in order with `push`, then call `end` when the body ends: a stream that stops before
 * `message_stop` yields an error part, never a clean finish.
 */
export class StreamFromAnthropic {
  readonly #options: StreamFromAnthropicOptions;
  readonly #blocks = new Map<number, BlockState>();
  readonly #usage: Partial<AnthropicUsage> = {};
  #id = '';
  #model = '';
  #created: number;
  #toolCount = 0;
  #roleSent = false;
  #finishSent = false;
  #state: 'open' | 'done' | 'failed' = 'open';

  constructor(options: StreamFromAnthropicOptions) {
    this.#options = options;
    this.#created = options.created ?? Math.floor(Date.now() / 1000);
  }

  /** Usage so far (final once the stream finished). */
  get usage(): Usage {
    return usageFromAnthropic(this.#usage);
  }

  push(event: SseEvent): StreamPart[] {
    if (this.#state !== 'open') return [];
    if (event.event === 'ping' && event.data.trim() === '') return [];
    let data: Json;
    try {
      data = asObject(JSON.parse(event.data));
    } catch {
      return this.fail(
        new KeelError('upstream_stream_broken', `Provider ${this.#options.provider} sent invalid JSON`),
      );
    }
    const type = typeof data.type === 'string' ? data.type : (event.event ?? '');
    switch (type) {
      case 'message_start':
        return this.#onMessageStart(asObject(data.message));
      case 'content_block_start':
        return this.#onBlockStart(Number(data.index), asObject(data.content_block));
      case 'content_block_delta':
        return this.#onBlockDelta(Number(data.index), asObject(data.delta));
      case 'content_block_stop':
        return this.#onBlockStop(Number(data.index));
      case 'message_delta':
        return this.#onMessageDelta(asObject(data.delta), asObject(data.usage));
      case 'message_stop':
        return this.#onMessageStop();
      case 'error':
        return this.fail(anthropicStreamError(event.data, this.#options));
      default:
        // ping and event types newer than this translator carry nothing to emit.
        return [];
    }
  }

  /** The body ended: fine after message_stop, a broken stream otherwise. */
  end(): StreamPart[] {
    if (this.#state !== 'open') return [];
    const why = `Provider ${this.#options.provider} ended the stream before message_stop`;
    return this.fail(new KeelError('upstream_stream_broken', why));
  }

  /** Ends the stream with an error (socket reset, abort, upstream error event). */
  fail(error: Error): StreamPart[] {
    if (this.#state !== 'open') return [];
    this.#state = 'failed';
    return [{ type: 'error', error }];
  }

  #mergeUsage(usage: Json): void {
    for (const key of USAGE_KEYS) {
      const value = usage[key];
      // Counters are cumulative totals, present only when they apply: overwrite, never add.
      if (typeof value === 'number') this.#usage[key] = value;
    }
  }

  #chunk(delta: Delta, finishReason: FinishReason = null, stopSequence?: string): string {
    const choice: ChunkChoice = { index: 0, delta, logprobs: null, finish_reason: finishReason };
    if (stopSequence !== undefined) choice.stop_sequence = stopSequence;
    return JSON.stringify({
      id: this.#id,
      object: 'chat.completion.chunk',
      created: this.#created,
      model: this.#model,
      choices: [choice],
    });
  }

  /** Every chunk list starts with the role chunk OpenAI clients expect first. */
  #emit(delta: Delta | undefined): StreamPart[] {
    const out: StreamPart[] = [];
    if (!this.#roleSent) {
      this.#roleSent = true;
      out.push({ type: 'chunk', data: this.#chunk({ role: 'assistant', content: '' }) });
    }
    if (delta !== undefined) out.push({ type: 'chunk', data: this.#chunk(delta) });
    return out;
  }

  #onMessageStart(message: Json): StreamPart[] {
    if (typeof message.id === 'string') this.#id = message.id;
    if (typeof message.model === 'string') this.#model = message.model;
    this.#mergeUsage(asObject(message.usage));
    return this.#emit(undefined);
  }

  #onBlockStart(index: number, block: Json): StreamPart[] {
    if (block.type === 'text') {
      this.#blocks.set(index, { kind: 'text', toolIndex: -1 });
      const text = typeof block.text === 'string' ? block.text : '';
      return this.#emit(text === '' ? undefined : { content: text });
    }
    if (block.type === 'thinking') {
      const text = typeof block.thinking === 'string' ? block.thinking : '';
      const signature = typeof block.signature === 'string' ? block.signature : '';
      this.#blocks.set(index, { kind: 'thinking', toolIndex: -1, thinking: { text, signature } });
      return this.#emit(text === '' ? undefined : { reasoning_content: text });
    }
    if (block.type === 'redacted_thinking') {
      // Opaque and complete at its start: passed on at once, for the client to send back.
      this.#blocks.set(index, { kind: 'other', toolIndex: -1 });
      const data = typeof block.data === 'string' ? block.data : '';
      return this.#emit({ thinking_blocks: [{ type: 'redacted_thinking', data }] });
    }
    if (block.type !== 'tool_use') {
      this.#blocks.set(index, { kind: 'other', toolIndex: -1 });
      return [];
    }
    const toolIndex = this.#toolCount++;
    const input = asObject(block.input);
    // Anthropic starts with `input: {}` and streams the JSON; some proxies send it whole up front.
    const args = Object.keys(input).length > 0 ? JSON.stringify(input) : '';
    this.#blocks.set(index, { kind: 'tool', toolIndex, argsSent: args !== '' });
    const name = typeof block.name === 'string' ? block.name : '';
    const id = typeof block.id === 'string' ? block.id : '';
    return this.#emit({
      tool_calls: [{ index: toolIndex, id, type: 'function', function: { name, arguments: args } }],
    });
  }

  #onBlockDelta(index: number, delta: Json): StreamPart[] {
    const block = this.#blocks.get(index);
    if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') {
      return this.#emit({ content: delta.text });
    }
    if (block?.thinking !== undefined) return this.#onThinkingDelta(block.thinking, delta);
    if (delta.type === 'input_json_delta' && block?.kind === 'tool') {
      const fragment = typeof delta.partial_json === 'string' ? delta.partial_json : '';
      if (fragment === '') return [];
      block.argsSent = true;
      // Partial<ToolCall> wants a complete `function`; OpenAI's wire deltas carry only `arguments`.
      const call = { index: block.toolIndex, function: { arguments: fragment } };
      return this.#emit({ tool_calls: [call as NonNullable<Delta['tool_calls']>[number]] });
    }
    return [];
  }

  /** Reasoning text streams as `reasoning_content`; the signature is kept for the block's end. */
  #onThinkingDelta(state: { text: string; signature: string }, delta: Json): StreamPart[] {
    if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking !== '') {
      state.text += delta.thinking;
      return this.#emit({ reasoning_content: delta.thinking });
    }
    if (delta.type === 'signature_delta' && typeof delta.signature === 'string') {
      state.signature += delta.signature;
    }
    return [];
  }

  /**
   * A thinking block that ended is sent whole (text + signature) so the client can send it back. A
   * tool call that streamed no arguments gets `{}`, as in the non-streamed translation: an empty
   * string is not JSON, and clients parse the arguments.
   */
  #onBlockStop(index: number): StreamPart[] {
    const ended = this.#blocks.get(index);
    if (ended?.kind === 'tool' && ended.argsSent === false) {
      ended.argsSent = true;
      const call = { index: ended.toolIndex, function: { arguments: '{}' } };
      return this.#emit({ tool_calls: [call as NonNullable<Delta['tool_calls']>[number]] });
    }
    const state = ended?.thinking;
    if (state === undefined) return [];
    this.#blocks.set(index, { kind: 'other', toolIndex: -1 });
    const block =
      state.signature === ''
        ? { type: 'thinking' as const, thinking: state.text }
        : { type: 'thinking' as const, thinking: state.text, signature: state.signature };
    return this.#emit({ thinking_blocks: [block] });
  }

  #onMessageDelta(delta: Json, usage: Json): StreamPart[] {
    this.#mergeUsage(usage);
    if (this.#finishSent) return [];
    const reason = typeof delta.stop_reason === 'string' ? delta.stop_reason : null;
    const stopSequence = stopSequenceFromAnthropic(reason, delta.stop_sequence);
    return this.#finish(finishReasonFromAnthropic(reason) ?? 'stop', stopSequence);
  }

  /** The finish chunk; it carries the usage unless a usage-only chunk will follow. */
  #finish(reason: FinishReason, stopSequence?: string): StreamPart[] {
    this.#finishSent = true;
    const out = this.#emit(undefined);
    const data = this.#chunk({}, reason, stopSequence);
    if (this.#options.includeUsage) out.push({ type: 'chunk', data });
    else out.push({ type: 'chunk', data, usage: this.usage });
    return out;
  }

  #onMessageStop(): StreamPart[] {
    const out = this.#finishSent ? [] : this.#finish('stop');
    if (this.#options.includeUsage) {
      const usage = this.usage;
      const data = usageOnlyChunk({ id: this.#id, created: this.#created, model: this.#model }, usage);
      out.push({ type: 'chunk', data, usage, usageOnly: true });
    }
    this.#state = 'done';
    out.push({ type: 'finish' });
    return out;
  }
}
