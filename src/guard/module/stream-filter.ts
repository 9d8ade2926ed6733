import type { KeelError } from '../../errors/index.ts';
import type { ChatCompletionChunk, ChunkChoice } from '../../spec/chat.ts';
import type { RequestContext, StreamFilter } from '../../spec/hooks.ts';
import type { ScanContext } from '../../spec/scanner.ts';
import type { MaskSession } from '../mask/index.ts';
import { guardrailError } from '../policy/index.ts';
import { type GuardRequestState, requestState } from './request-state.ts';
import { restoreArguments } from './restore.ts';
import { countBlock, countEntry, emptyEntry, type GuardResultEntry, guardEntries } from './results.ts';
import { ChoiceGuard, type ChoiceSetup, StreamStop, type ToolDelta } from './stream-choice.ts';

type Envelope = Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'>;

function scanCtx(rs: GuardRequestState): Omit<ScanContext, 'checkpoint'> {
  return {
    ...(rs.systemPrompt !== undefined ? { systemPrompt: rs.systemPrompt } : {}),
    ...(rs.userRequest !== undefined ? { userRequest: rs.userRequest } : {}),
    ...(rs.tools ? { tools: rs.tools } : {}),
    ...(rs.responseSchema ? { responseSchema: rs.responseSchema } : {}),
  };
}

/** A chunk left with nothing to say (its content held back, its tool deltas collected) is dropped. */
function isEmpty(chunk: ChatCompletionChunk): boolean {
  if (chunk.usage) return false;
  return chunk.choices.every((c) => {
    if (c.finish_reason !== null && c.finish_reason !== undefined) return false;
    for (const [key, value] of Object.entries(c.delta ?? {})) {
      if ((key === 'content' || key === 'reasoning_content') && (value === '' || value === null)) continue;
      if (value !== undefined) return false;
    }
    return true;
  });
}

/** Per-stream guard results: entries live in the request metadata from the start, counted once at the end. */
class StreamResults {
  private readonly entries = new Map<string, GuardResultEntry>();
  private counted = false;
  private readonly rs: GuardRequestState;

  constructor(rs: GuardRequestState) {
    this.rs = rs;
  }

  entryFor = (checkpoint: 'output' | 'action', scanner: string): GuardResultEntry => {
    const key = `${checkpoint}\u0000${scanner}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = emptyEntry(checkpoint, scanner);
      this.entries.set(key, entry);
      this.rs.sink.metadata.guardPolicy = this.rs.sink.policy;
      guardEntries(this.rs.sink.metadata).push(entry);
    }
    return entry;
  };

  countAll(): void {
    if (this.counted) return;
    this.counted = true;
    for (const e of this.entries.values()) countEntry(this.rs.sink.metrics, e);
  }

  /** Books the stop and returns the error that ends the stream (policy and scanner, never the match). */
  stopped(stop: StreamStop): KeelError {
    this.countAll();
    countBlock(this.rs.sink, stop.checkpoint, stop.scanner);
    const policy = this.rs.policy.name;
    return guardrailError({
      checkpoint: stop.checkpoint,
      policy,
      action: 'block',
      results: [],
      blockedBy: { policy, scanner: stop.scanner },
      latencyMs: 0,
    });
  }
}

class GuardStreamFilter implements StreamFilter {
  private readonly choices = new Map<number, ChoiceGuard>();
  private readonly results: StreamResults;
  private envelope: Envelope | undefined;
  private readonly setup: Omit<ChoiceSetup, 'restorer' | 'reasoningRestorer'>;
  /**
   * False on `/v1/messages`: there the streamed thinking text becomes the thinking block the client
   * sends back under Anthropic's signature, which was made over the masked text. Restoring it would
   * break the signature (a 400 on the next turn) and send the user's data upstream in a block the
   * input checkpoint leaves as it is, so it keeps the placeholders, as the non-streamed answer does.
   */
  private readonly restoreReasoning: boolean;
  private readonly mask: MaskSession | undefined;
  private readonly holdTools: boolean;

  constructor(
    rs: GuardRequestState,
    opts: { mask: MaskSession | undefined; holdTools: boolean; restoreReasoning: boolean },
  ) {
    this.mask = opts.mask;
    this.restoreReasoning = opts.restoreReasoning;
    this.holdTools = opts.holdTools;
    this.results = new StreamResults(rs);
    const { policy } = rs;
    const mask = opts.mask;
    this.setup = {
      chunkSteps: policy.chunkSteps,
      finalSteps: policy.finalSteps,
      actionSteps: policy.actionSteps,
      overlap: rs.stream.overlap,
      holdBack: rs.stream.holdBack,
      ctx: scanCtx(rs),
      entryFor: this.results.entryFor,
      restoreArgs: mask ? (args) => restoreArguments(args, mask) : undefined,
    };
  }

  chunk(data: string, parsed: () => ChatCompletionChunk): string[] {
    const chunk = parsed();
    if (!Array.isArray(chunk.choices) || chunk.choices.length === 0) return [data];
    this.envelope ??= { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
    let changed = false;
    const before: string[] = [];
    try {
      for (const choice of chunk.choices) if (this.screenChoice(choice, before)) changed = true;
    } catch (error) {
      throw error instanceof StreamStop ? this.results.stopped(error) : error;
    }
    if (!changed) return before.length > 0 ? [...before, data] : [data];
    return isEmpty(chunk) ? before : [...before, JSON.stringify(chunk)];
  }

  flush(): string[] {
    const out: string[] = [];
    try {
      for (const [index, guard] of this.choices) {
        if (guard.finished) continue;
        const tail = guard.finish();
        if (tail.reasoning) out.push(this.wrap(index, { reasoning_content: tail.reasoning }));
        if (tail.toolCalls.length > 0) out.push(this.toolChunk(index, tail.toolCalls));
        if (tail.functionCall) out.push(this.wrap(index, { function_call: tail.functionCall }));
        if (tail.text) out.push(this.wrap(index, { content: tail.text }));
      }
    } catch (error) {
      throw error instanceof StreamStop ? this.results.stopped(error) : error;
    }
    this.results.countAll();
    return out;
  }

  /** Screens one choice of a chunk in place; returns whether it changed. Tool chunks go to `before`. */
  private screenChoice(choice: ChunkChoice, before: string[]): boolean {
    let changed = false;
    const index = typeof choice.index === 'number' ? choice.index : 0;
    const guard = this.choiceFor(index);
    const delta = choice.delta ?? {};
    if (this.screenReasoning(guard, delta)) changed = true;
    if (typeof delta.content === 'string' && delta.content.length > 0) {
      const held = guard.answerStarts();
      if (held) {
        delta.reasoning_content = (delta.reasoning_content ?? '') + held;
        changed = true;
      }
      const out = guard.text(delta.content);
      if (out !== delta.content) {
        delta.content = out;
        changed = true;
      }
    }
    if (this.holdTools && Array.isArray(delta.tool_calls)) {
      guard.toolDeltas(delta.tool_calls);
      delete delta.tool_calls;
      changed = true;
    }
    const legacy = (delta as { function_call?: unknown }).function_call;
    if (this.holdTools && legacy !== null && typeof legacy === 'object') {
      guard.functionCallDelta(legacy);
      delete (delta as { function_call?: unknown }).function_call;
      changed = true;
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined && !guard.finished) {
      const tail = guard.finish();
      if (tail.reasoning) {
        delta.reasoning_content = (delta.reasoning_content ?? '') + tail.reasoning;
        changed = true;
      }
      if (tail.text) {
        delta.content = (delta.content ?? '') + tail.text;
        changed = true;
      }
      if (tail.toolCalls.length > 0) before.push(this.toolChunk(index, tail.toolCalls));
      if (tail.functionCall) before.push(this.wrap(index, { function_call: tail.functionCall }));
    }
    choice.delta = delta;
    return changed;
  }

  /**
   * Reasoning deltas go through the choice's reasoning lane; a signed thinking block, which ends a
   * thinking phase, releases what the lane held back and is dropped if its text was redacted.
   */
  private screenReasoning(guard: ChoiceGuard, delta: NonNullable<ChunkChoice['delta']>): boolean {
    let changed = false;
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content.length > 0) {
      const out = guard.reasoning(delta.reasoning_content);
      if (out !== delta.reasoning_content) {
        delta.reasoning_content = out;
        changed = true;
      }
    }
    if (Array.isArray(delta.thinking_blocks) && delta.thinking_blocks.length > 0) {
      const end = guard.thinkingBlocks(delta.thinking_blocks);
      if (end.reasoning) {
        delta.reasoning_content = (delta.reasoning_content ?? '') + end.reasoning;
        changed = true;
      }
      if (end.blocks.length !== delta.thinking_blocks.length) {
        if (end.blocks.length > 0) delta.thinking_blocks = end.blocks;
        else delete delta.thinking_blocks;
        changed = true;
      }
    }
    return changed;
  }

  private choiceFor(index: number): ChoiceGuard {
    let guard = this.choices.get(index);
    if (!guard) {
      guard = new ChoiceGuard({
        ...this.setup,
        restorer: this.mask?.streamRestorer(),
        reasoningRestorer: this.restoreReasoning ? this.mask?.streamRestorer() : undefined,
      });
      this.choices.set(index, guard);
    }
    return guard;
  }

  private wrap(index: number, delta: Record<string, unknown>): string {
    return JSON.stringify({ ...this.envelope, choices: [{ index, delta, finish_reason: null }] });
  }

  private toolChunk(index: number, calls: ToolDelta[]): string {
    return this.wrap(index, { tool_calls: calls });
  }
}

/**
 * streamFilter: screens streamed answers chunk by chunk (overlap window; a block ends the stream
 * with a `guardrail_blocked` error event), restores masked placeholders (holding back only a
 * possible placeholder prefix), and holds tool-call deltas until their choice finishes so the
 * action checkpoint runs before the client receives any call. A chunk nothing changed is passed
 * on as the same string; a changed one is re-serialised. Undefined when there is nothing to do.
 */
export function createGuardStreamFilter(ctx: RequestContext): StreamFilter | undefined {
  const rs = requestState(ctx);
  if (!rs) return undefined;
  const mask = rs.mask && rs.mask.size > 0 ? rs.mask : undefined;
  const { policy } = rs;
  const holdTools = policy.actionSteps.length > 0 || mask !== undefined;
  if (policy.chunkSteps.length === 0 && policy.finalSteps.length === 0 && !holdTools) return undefined;
  return new GuardStreamFilter(rs, { mask, holdTools, restoreReasoning: ctx.endpoint !== 'messages' });
}
