import type { ThinkingBlock } from '../../spec/chat.ts';
import type { ScanContext } from '../../spec/scanner.ts';
import type { StreamRestorer } from '../mask/index.ts';
import type { SyncStep } from './compile.ts';
import type { GuardResultEntry } from './results.ts';
import { StreamLane, StreamStop } from './stream-lane.ts';
import { firstStopping } from './sync-steps.ts';

export { StreamStop } from './stream-lane.ts';

/**
 * One streamed choice's guard state: a screened lane for the answer and one for the model's
 * reasoning (stream-lane.ts), the placeholder restorers, the answer text kept for whole-answer
 * checks, and tool-call deltas collected until the choice finishes.
 *
 * Reasoning (`reasoning_content` deltas) is screened like the answer, because a client that shows
 * it shows a leak in it too. Its signed copy (a `thinking_blocks` entry at the end of each thinking
 * block) cannot be edited without breaking the signature, so when the reasoning lane redacted
 * anything the block is dropped rather than sent with the text unredacted.
 */

interface CollectedCall {
  id?: string;
  name: string;
  args: string;
}

export interface ChoiceSetup {
  chunkSteps: readonly SyncStep[];
  finalSteps: readonly SyncStep[];
  actionSteps: readonly SyncStep[];
  overlap: number;
  holdBack: number;
  ctx: Omit<ScanContext, 'checkpoint'>;
  restorer: StreamRestorer | undefined;
  reasoningRestorer: StreamRestorer | undefined;
  entryFor(checkpoint: 'output' | 'action', scanner: string): GuardResultEntry;
  restoreArgs: ((args: string) => string) | undefined;
}

export interface ToolDelta {
  index: number;
  id?: string;
  type: 'function';
  function: { name: string; arguments: string };
}

// Whole-answer checks read at most this much (the JSON check itself refuses more than 1 MiB).
const MAX_KEPT = 1024 * 1024 + 1;

export class ChoiceGuard {
  finished = false;
  private readonly setup: ChoiceSetup;
  private readonly answer: StreamLane | undefined;
  /** The current thinking block's lane, opened by its first reasoning delta (when screening). */
  private thinking: StreamLane | undefined;
  private kept: string | undefined;
  private readonly calls = new Map<number, CollectedCall>();
  /** A legacy `function_call` (one per choice, no index), held back like tool calls. */
  private functionCall: CollectedCall | undefined;

  constructor(setup: ChoiceSetup) {
    this.setup = setup;
    this.answer = this.lane();
    if (setup.finalSteps.length > 0) this.kept = '';
  }

  private lane(): StreamLane | undefined {
    const { setup } = this;
    if (setup.chunkSteps.length === 0) return undefined;
    return new StreamLane({ ...setup, steps: setup.chunkSteps });
  }

  /** Screens one content delta; returns the text to send now (possibly empty while held back). */
  text(delta: string): string {
    if (this.kept !== undefined && this.kept.length < MAX_KEPT)
      this.kept += delta.slice(0, MAX_KEPT - this.kept.length);
    const out = this.answer ? this.answer.push(delta) : delta;
    return this.setup.restorer ? this.setup.restorer.push(out) : out;
  }

  /** Screens one reasoning delta; returns the reasoning text to send now. */
  reasoning(delta: string): string {
    this.thinking ??= this.lane();
    const out = this.thinking ? this.thinking.push(delta) : delta;
    const restorer = this.setup.reasoningRestorer;
    return restorer ? restorer.push(out) : out;
  }

  /**
   * A thinking block ended (its signed copy arrived): returns the reasoning text still held back
   * and the blocks to send. A block whose text was not streamed before is screened whole here.
   */
  thinkingBlocks(blocks: readonly ThinkingBlock[]): { reasoning: string; blocks: ThinkingBlock[] } {
    // An open lane means the block's text streamed as reasoning deltas and was screened there.
    const streamed = this.thinking !== undefined;
    const { text: reasoning, redacted: streamedRedacted } = this.endThinking();
    let redacted = streamedRedacted;
    for (const block of streamed ? [] : blocks) {
      if (block.type !== 'thinking' || block.thinking === '') continue;
      const lane = this.lane();
      if (!lane) break;
      lane.push(block.thinking);
      lane.end();
      redacted ||= lane.redacted;
    }
    return { reasoning, blocks: redacted ? blocks.filter((b) => b.type !== 'thinking') : [...blocks] };
  }

  /**
   * The answer started: reasoning that had no signed block (DeepSeek-style `reasoning_content`)
   * is over, so what its lane held back goes out now, before the answer.
   */
  answerStarts(): string {
    return this.thinking ? this.endThinking().text : '';
  }

  /** Ends the open thinking lane: its held-back text (restored), and whether it redacted anything. */
  private endThinking(): { text: string; redacted: boolean } {
    const lane = this.thinking;
    this.thinking = undefined;
    let text = lane ? lane.end() : '';
    const restorer = this.setup.reasoningRestorer;
    if (restorer) text = restorer.push(text) + restorer.flush();
    return { text, redacted: lane?.redacted ?? false };
  }

  /** Collects tool-call deltas (held back until the choice finishes and its calls are checked). */
  toolDeltas(
    deltas: ReadonlyArray<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>,
  ): void {
    for (const d of deltas) {
      const index = typeof d.index === 'number' ? d.index : 0;
      let call = this.calls.get(index);
      if (!call) {
        call = { name: '', args: '' };
        this.calls.set(index, call);
      }
      if (typeof d.id === 'string') call.id = d.id;
      if (typeof d.function?.name === 'string') call.name = d.function.name;
      if (typeof d.function?.arguments === 'string') call.args += d.function.arguments;
    }
  }

  /** Collects legacy `function_call` deltas (older clients' `functions`): checked like tool calls. */
  functionCallDelta(delta: { name?: unknown; arguments?: unknown }): void {
    this.functionCall ??= { name: '', args: '' };
    if (typeof delta.name === 'string') this.functionCall.name = delta.name;
    if (typeof delta.arguments === 'string') this.functionCall.args += delta.arguments;
  }

  /**
   * The choice finished: whole-answer checks, then the collected tool calls, then everything held
   * back is released. Throws StreamStop when a check stops the stream.
   */
  finish(): {
    text: string;
    reasoning: string;
    toolCalls: ToolDelta[];
    functionCall?: { name: string; arguments: string };
  } {
    this.finished = true;
    const { setup } = this;
    if (this.kept !== undefined && this.kept.length > 0) {
      const stop = firstStopping(
        setup.finalSteps,
        { kind: 'text', text: this.kept },
        {
          ctx: { ...setup.ctx, checkpoint: 'output' },
          entryFor: (id) => setup.entryFor('output', id),
        },
      );
      if (stop) throw new StreamStop('output', stop);
    }
    const toolCalls = this.checkedCalls();
    const functionCall = this.checkedFunctionCall();
    // Reasoning that never got its signed block (OpenAI-style reasoning models) ends here.
    const reasoning = this.endThinking().text;
    let text = this.answer ? this.answer.end() : '';
    if (setup.restorer) text = setup.restorer.push(text) + setup.restorer.flush();
    return { text, reasoning, toolCalls, ...(functionCall ? { functionCall } : {}) };
  }

  /** Runs the action steps on one collected call (throws StreamStop); returns its restored arguments. */
  private check(c: CollectedCall): string {
    const { setup } = this;
    const call = { id: c.id ?? '', type: 'function' as const, function: { name: c.name, arguments: c.args } };
    const stop = firstStopping(
      setup.actionSteps,
      { kind: 'tool_call', call },
      {
        ctx: { ...setup.ctx, checkpoint: 'action' },
        entryFor: (id) => setup.entryFor('action', id),
      },
    );
    if (stop) throw new StreamStop('action', stop);
    return setup.restoreArgs ? setup.restoreArgs(c.args) : c.args;
  }

  private checkedFunctionCall(): { name: string; arguments: string } | undefined {
    const c = this.functionCall;
    if (!c) return undefined;
    this.functionCall = undefined;
    return { name: c.name, arguments: this.check(c) };
  }

  private checkedCalls(): ToolDelta[] {
    const out: ToolDelta[] = [];
    for (const [index, c] of [...this.calls].sort((a, b) => a[0] - b[0])) {
      const args = this.check(c);
      out.push({
        index,
        ...(c.id ? { id: c.id } : {}),
        type: 'function',
        function: { name: c.name, arguments: args },
      });
    }
    this.calls.clear();
    return out;
  }
}
