import { randomUUID } from 'node:crypto';
import type { ChatCompletionChunk, ChunkChoice, ThinkingBlock, Usage } from '../../spec/index.ts';
import { toAnthropicError } from './errors.ts';
import { anthropicMessageId, anthropicStop } from './response-to-anthropic.ts';
import type { AnthropicStopReason } from './types.ts';
import { anthropicUsageFromUsage, usageFromWire } from './usage.ts';

/** One SSE event in Anthropic's framing (the event name repeats the data's `type`). */
export function sseEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** The `error` event that ends an Anthropic stream which broke after it started. */
export function errorEvent(err: unknown): string {
  const { body } = toAnthropicError(err);
  return sseEvent('error', { error: body.error });
}

export interface StreamToAnthropicOptions {
  /** Model to report (e.g. the public name the client asked for); defaults to the chunks' model. */
  model?: string;
  /** Input tokens for message_start when known up front (e.g. counted by Keel); else 0 until the end. */
  inputTokens?: number;
  /** Message id to report; defaults to one derived from the first chunk's id. */
  messageId?: string;
}

type ToolDelta = NonNullable<ChunkChoice['delta']['tool_calls']>[number];

interface OpenBlock {
  index: number;
  kind: 'text' | 'tool' | 'thinking';
}

/**
 * Translates OpenAI chat.completion.chunk objects into Anthropic Messages SSE events. `push` each
 * chunk (with Keel's usage when the stream part carried one), then `finish` once the upstream
 * finished: message_delta is held back until then because OpenAI reports usage only in the last,
 * usage-only chunk, after the finish_reason.
 */
export class StreamToAnthropic {
  readonly #options: StreamToAnthropicOptions;
  readonly #toolBlocks = new Map<number, number>();
  #open: OpenBlock | undefined;
  #nextIndex = 0;
  #started = false;
  #finished = false;
  #stop: { stop_reason: AnthropicStopReason; stop_sequence: string | null } | undefined;
  #usage: Usage | undefined;

  constructor(options: StreamToAnthropicOptions = {}) {
    this.#options = options;
  }

  /** Whether message_start went out (after it, errors must be sent as an `error` event). */
  get started(): boolean {
    return this.#started;
  }

  push(chunk: ChatCompletionChunk, usage?: Usage): string[] {
    if (this.#finished) return [];
    if (usage !== undefined) this.#usage = usage;
    else if (chunk.usage) this.#usage = usageFromWire(chunk.usage);
    const out: string[] = [];
    this.#start(out, chunk);
    // Messages has one answer: only the first choice is translated (an index-less choice is the
    // first). Another choice's text (an upstream that ignored n=1) must not merge into it.
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    if (choice === undefined) return out;
    const delta = choice.delta ?? {};
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : '';
    if (reasoning !== '') this.#thinking(out, reasoning);
    for (const block of Array.isArray(delta.thinking_blocks) ? delta.thinking_blocks : []) {
      // LiteLLM repeats each reasoning piece as an unsigned entry beside it: the same text again.
      if (reasoning !== '' && block?.type === 'thinking' && !block.signature) continue;
      this.#thinkingBlock(out, block);
    }
    if (typeof delta.content === 'string' && delta.content !== '') this.#text(out, delta.content);
    const refusal = (delta as { refusal?: unknown }).refusal;
    if (typeof refusal === 'string' && refusal !== '') this.#text(out, refusal);
    for (const call of delta.tool_calls ?? []) this.#tool(out, call);
    if (choice.finish_reason) {
      this.#stop = anthropicStop(choice.finish_reason, choice.stop_sequence);
      this.#close(out);
    }
    return out;
  }

  /** The upstream stream ended properly: close blocks, report stop reason and usage, stop. */
  finish(): string[] {
    if (this.#finished) return [];
    const out: string[] = [];
    this.#start(out, undefined);
    this.#close(out);
    this.#finished = true;
    const usage: Record<string, number> = { output_tokens: this.#usage?.completionTokens ?? 0 };
    if (this.#usage !== undefined) {
      // Cumulative totals: the Anthropic SDK overwrites message_start's input count with these.
      const full = anthropicUsageFromUsage(this.#usage);
      usage.input_tokens = full.input_tokens;
      usage.cache_creation_input_tokens = full.cache_creation_input_tokens ?? 0;
      usage.cache_read_input_tokens = full.cache_read_input_tokens ?? 0;
    }
    const delta = this.#stop ?? { stop_reason: 'end_turn', stop_sequence: null };
    out.push(sseEvent('message_delta', { delta, usage }));
    out.push(sseEvent('message_stop', {}));
    return out;
  }

  #start(out: string[], chunk: ChatCompletionChunk | undefined): void {
    if (this.#started) return;
    this.#started = true;
    const known = this.#usage === undefined ? undefined : anthropicUsageFromUsage(this.#usage);
    const message = {
      id: this.#options.messageId ?? anthropicMessageId(chunk?.id),
      type: 'message',
      role: 'assistant',
      content: [],
      model: this.#options.model ?? chunk?.model ?? '',
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: this.#options.inputTokens ?? known?.input_tokens ?? 0,
        output_tokens: 0,
        cache_creation_input_tokens: known?.cache_creation_input_tokens ?? 0,
        cache_read_input_tokens: known?.cache_read_input_tokens ?? 0,
      },
    };
    out.push(sseEvent('message_start', { message }));
  }

  #close(out: string[]): void {
    if (this.#open === undefined) return;
    out.push(sseEvent('content_block_stop', { index: this.#open.index }));
    this.#open = undefined;
  }

  #begin(out: string[], kind: OpenBlock['kind'], block: Record<string, unknown>): number {
    this.#close(out);
    const index = this.#nextIndex++;
    this.#open = { index, kind };
    out.push(sseEvent('content_block_start', { index, content_block: block }));
    return index;
  }

  #text(out: string[], text: string): void {
    const index =
      this.#open?.kind === 'text' ? this.#open.index : this.#begin(out, 'text', { type: 'text', text: '' });
    out.push(sseEvent('content_block_delta', { index, delta: { type: 'text_delta', text } }));
  }

  /** Reasoning text (Anthropic thinking or a DeepSeek-style reasoning_content) → a thinking block. */
  #thinking(out: string[], text: string): void {
    const index =
      this.#open?.kind === 'thinking'
        ? this.#open.index
        : this.#begin(out, 'thinking', { type: 'thinking', thinking: '', signature: '' });
    out.push(sseEvent('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: text } }));
  }

  /**
   * A complete thinking block ends the one streamed as reasoning_content (adding its signature), or
   * stands alone when its text did not come as deltas; a redacted block is always its own block.
   */
  #thinkingBlock(out: string[], block: ThinkingBlock): void {
    if (block?.type === 'redacted_thinking') {
      this.#begin(out, 'thinking', { type: 'redacted_thinking', data: block.data });
      this.#close(out);
      return;
    }
    if (block?.type !== 'thinking') return;
    if (this.#open?.kind !== 'thinking' && typeof block.thinking === 'string' && block.thinking !== '') {
      this.#thinking(out, block.thinking);
    }
    const index =
      this.#open?.kind === 'thinking'
        ? this.#open.index
        : this.#begin(out, 'thinking', { type: 'thinking', thinking: '', signature: '' });
    if (typeof block.signature === 'string' && block.signature !== '') {
      const delta = { type: 'signature_delta', signature: block.signature };
      out.push(sseEvent('content_block_delta', { index, delta }));
    }
    this.#close(out);
  }

  #tool(out: string[], call: ToolDelta): void {
    const key = typeof call.index === 'number' ? call.index : 0;
    let index = this.#toolBlocks.get(key);
    if (index === undefined) {
      const id = call.id || `toolu_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
      const block = { type: 'tool_use', id, name: call.function?.name ?? '', input: {} };
      index = this.#begin(out, 'tool', block);
      this.#toolBlocks.set(key, index);
    }
    // A fragment for an earlier, already closed tool call (interleaved upstream) still goes to its
    // own index; the Anthropic SDK accumulates deltas by index.
    const fragment = call.function?.arguments;
    if (typeof fragment === 'string' && fragment !== '') {
      out.push(
        sseEvent('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: fragment },
        }),
      );
    }
  }
}
