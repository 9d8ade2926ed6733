import type { ScanContext, Span } from '../../spec/scanner.ts';
import { createStreamScreener, type StreamScreener } from '../stream/index.ts';
import type { SyncStep } from './compile.ts';
import type { GuardResultEntry } from './results.ts';
import { screenerScanner } from './sync-steps.ts';

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

export interface LaneSetup {
  steps: readonly SyncStep[];
  overlap: number;
  holdBack: number;
  ctx: Omit<ScanContext, 'checkpoint'>;
  entryFor(checkpoint: 'output', scanner: string): GuardResultEntry;
}

/**
 * One streamed text of a choice (the answer, or the model's reasoning) under the output
 * checkpoint's per-chunk steps: the incremental screener (overlap window), and the redactions
 * still to apply to text not yet sent. Offsets are in the text the model wrote.
 */
export class StreamLane {
  private readonly screener: StreamScreener;
  private readonly fired = new Set<string>();
  private readonly redacting: Set<string>;
  private pending: Span[] = [];
  private emitted = 0;
  /** Some of this text was redacted. */
  redacted = false;

  constructor(setup: LaneSetup) {
    this.redacting = new Set(
      setup.steps.filter((s) => s.action === 'redact' || s.action === 'mask').map((s) => s.id),
    );
    this.screener = createStreamScreener({
      scanners: setup.steps.map((s) =>
        screenerScanner(s, { entry: setup.entryFor('output', s.id), fired: this.fired }),
      ),
      overlap: setup.overlap,
      holdBack: setup.holdBack,
      ctx: setup.ctx,
    });
  }

  /** Screens one delta; returns the text to send now (possibly empty while held back). */
  push(delta: string): string {
    this.fired.clear();
    const v = this.screener.push(delta);
    if (v.verdict === 'block') throw new StreamStop('output', v.blockedBy ?? 'unknown');
    for (const f of v.findings) {
      if (!this.fired.has(f.scanner) || !this.redacting.has(f.scanner)) continue;
      // Part of it already left in an earlier chunk: redacting the rest would still leak; stop.
      if (f.start < this.emitted) throw new StreamStop('output', f.scanner);
      this.pending.push({ start: f.start, end: f.end, type: f.type });
      this.redacted = true;
    }
    return this.release(v.emit);
  }

  /** The text still held back, redacted. */
  end(): string {
    return this.release(this.screener.end().emit);
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
