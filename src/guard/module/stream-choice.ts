import type { ScanContext, Span } from '../../spec/scanner.ts';
import type { StreamRestorer } from '../mask/index.ts';
import { createStreamScreener, type StreamScreener } from '../stream/index.ts';
import type { SyncStep } from './compile.ts';
import type { GuardResultEntry } from './results.ts';
import { firstStopping, screenerScanner } from './sync-steps.ts';

/**
 * One streamed choice's guard state: the incremental screener (overlap window), redactions still
 * to apply, the placeholder restorer, the answer text kept for whole-answer checks, and tool-call
 * deltas collected until the choice finishes. All offsets are in the masked text the model wrote.
 */

/** Thrown inside the filter; the filter turns it into `guardrail_blocked`. */
export class StreamStop extends Error {
  readonly checkpoint: 'output' | 'action';
  readonly scanner: string;
  constructor(checkpoint: 'output' | 'action', scanner: string) {
    super('stream stopped by guard');
    this.checkpoint = checkpoint;
    this.scanner = scanner;
  }
}

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
  private readonly screener: StreamScreener | undefined;
  private readonly fired = new Set<string>();
  private readonly redacting: Set<string>;
  private pending: Span[] = [];
  private emitted = 0;
  private kept: string | undefined;
  private readonly calls = new Map<number, CollectedCall>();

  constructor(setup: ChoiceSetup) {
    this.setup = setup;
    this.redacting = new Set(
      setup.chunkSteps.filter((s) => s.action === 'redact' || s.action === 'mask').map((s) => s.id),
    );
    if (setup.chunkSteps.length > 0) {
      this.screener = createStreamScreener({
        scanners: setup.chunkSteps.map((s) =>
          screenerScanner(s, { entry: setup.entryFor('output', s.id), fired: this.fired }),
        ),
        overlap: setup.overlap,
        holdBack: setup.holdBack,
        ctx: setup.ctx,
      });
    }
    if (setup.finalSteps.length > 0) this.kept = '';
  }

  /** Screens one content delta; returns the text to send now (possibly empty while held back). */
  text(delta: string): string {
    if (this.kept !== undefined && this.kept.length < MAX_KEPT)
      this.kept += delta.slice(0, MAX_KEPT - this.kept.length);
    let out = delta;
    if (this.screener) {
      this.fired.clear();
      const v = this.screener.push(delta);
      if (v.verdict === 'block') throw new StreamStop('output', v.blockedBy ?? 'unknown');
      for (const f of v.findings) {
        if (!this.fired.has(f.scanner) || !this.redacting.has(f.scanner)) continue;
        // Part of it already left in an earlier chunk: redacting the rest would still leak; stop.
        if (f.start < this.emitted) throw new StreamStop('output', f.scanner);
        this.pending.push({ start: f.start, end: f.end, type: f.type });
      }
      out = this.release(v.emit);
    }
    return this.setup.restorer ? this.setup.restorer.push(out) : out;
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

  /**
   * The choice finished: whole-answer checks, then the collected tool calls, then everything held
   * back is released. Throws StreamStop when a check stops the stream.
   */
  finish(): { text: string; toolCalls: ToolDelta[] } {
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
    let text = this.screener ? this.release(this.screener.end().emit) : '';
    if (setup.restorer) text = setup.restorer.push(text) + setup.restorer.flush();
    return { text, toolCalls };
  }

  private checkedCalls(): ToolDelta[] {
    const { setup } = this;
    const out: ToolDelta[] = [];
    for (const [index, c] of [...this.calls].sort((a, b) => a[0] - b[0])) {
      const call = {
        id: c.id ?? '',
        type: 'function' as const,
        function: { name: c.name, arguments: c.args },
      };
      const stop = firstStopping(
        setup.actionSteps,
        { kind: 'tool_call', call },
        {
          ctx: { ...setup.ctx, checkpoint: 'action' },
          entryFor: (id) => setup.entryFor('action', id),
        },
      );
      if (stop) throw new StreamStop('action', stop);
      const args = setup.restoreArgs ? setup.restoreArgs(c.args) : c.args;
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

  /** Applies pending redactions to the text about to be sent ([emitted, emitted + emit.length)). */
  private release(emit: string): string {
    const from = this.emitted;
    const to = from + emit.length;
    this.emitted = to;
    if (this.pending.length === 0 || emit.length === 0) return emit;
    this.pending.sort((a, b) => a.start - b.start);
    let out = '';
    let cursor = from;
    for (const p of this.pending) {
      if (p.end <= cursor || p.start >= to) continue;
      const start = Math.max(p.start, cursor);
      out += emit.slice(cursor - from, start - from);
      if (p.start >= from && p.start >= cursor) out += `[${p.type}]`;
      cursor = Math.min(Math.max(cursor, p.end), to);
    }
    out += emit.slice(cursor - from);
    this.pending = this.pending.filter((p) => p.end > to);
    return out;
  }
}
