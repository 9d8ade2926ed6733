import type { ScanContext, Scanner, Span, Verdict } from '../../spec/scanner.ts';

/**
 * Incremental output screening. Each chunk is scanned together with the last `overlap` characters
 * before it, so a secret split across chunks (`sk-ant-api03-…` arriving in three deltas) is seen
 * whole once its last piece arrives. Findings are reported once, with offsets in the whole stream.
 * Only synchronous scanners run here (a stream cannot wait on a slow scanner per chunk); async
 * ones are skipped and listed in `skipped`.
 *
 * With `holdBack` > 0 the screener also delays the last N characters, so a finding that completes
 * in the next chunk can stop the stream before its first characters were sent.
 */

export interface StreamScreenerOptions {
  scanners: readonly Scanner[];
  /** Characters of earlier text re-scanned with each chunk. Default 256. */
  overlap?: number;
  /** Characters withheld until the next chunk (or the end). Default 0: emit immediately. */
  holdBack?: number;
  ctx?: Omit<ScanContext, 'checkpoint'>;
}

export interface StreamFinding extends Span {
  scanner: string;
}

export interface ChunkVerdict {
  verdict: Verdict;
  /** Text safe to forward now (empty once blocked). */
  emit: string;
  /** New findings in this chunk, offsets relative to the whole stream. */
  findings: StreamFinding[];
  /** Scanner that blocked, when verdict is 'block'. */
  blockedBy?: string;
  reason?: string;
  latencyMs: number;
}

export interface StreamScreener {
  push(chunk: string): ChunkVerdict;
  /** Scans nothing new; releases held-back text unless blocked. */
  end(): ChunkVerdict;
  readonly skipped: readonly string[];
}

/** A character a token goes on through: the cut fell inside a word, a key or a number. */
const TOKEN_CHAR = /[\p{L}\p{N}_\-+/=.:@]/u;

/** Longest tail kept to hold a token whole (a JWT or a PEM body runs to hundreds of characters). */
const MAX_TAIL = 4096;

/**
 * Where the re-scanned tail starts: `overlap` characters back, moved further back to the start of
 * a token cut there, so a long token (a 600-character JWT streamed in small deltas) is seen whole
 * once its end arrives; bounded by MAX_TAIL.
 */
function tailStart(window: string, overlap: number): number {
  if (window.length <= overlap) return 0;
  let cut = window.length - overlap;
  const floor = Math.max(0, window.length - MAX_TAIL);
  while (cut > floor && TOKEN_CHAR.test(window[cut - 1] as string)) cut--;
  return cut;
}

const rank: Record<Verdict, number> = { pass: 0, flag: 1, block: 2 };

export function createStreamScreener(options: StreamScreenerOptions): StreamScreener {
  const overlap = options.overlap ?? 256;
  const holdBack = options.holdBack ?? 0;
  const ctx: ScanContext = { ...options.ctx, checkpoint: 'output' };
  const skipped: string[] = [];
  let tail = '';
  /** The character just before `tail` when the tail was cut from a longer window. */
  let cutBefore = '';
  let streamed = 0; // characters of the stream before `tail` + new chunk
  let held = '';
  let blocked = false;
  /** Reported spans by scanner, start and type, with the end each was last reported with. */
  const reported = new Map<string, number>();

  const push = (chunk: string): ChunkVerdict => {
    const t0 = performance.now();
    if (blocked) return { verdict: 'block', emit: '', findings: [], latencyMs: 0 };
    const window = tail + chunk;
    const base = streamed - tail.length;
    let verdict: Verdict = 'pass';
    let blockedBy: string | undefined;
    let reason: string | undefined;
    const findings: StreamFinding[] = [];
    for (const scanner of options.scanners) {
      if (skipped.includes(scanner.id)) continue;
      const result = scanner.scan({ kind: 'text', text: window }, ctx);
      if (result instanceof Promise) {
        skipped.push(scanner.id);
        result.catch(() => undefined);
        continue;
      }
      let fresh = result.verdict !== 'pass' && (result.spans?.length ?? 0) === 0;
      for (const span of result.spans ?? []) {
        // A span is reported once, by its stream offset. One wholly inside the re-scanned tail is
        // still new when it took the text after it to be found ("postgres://admin:S3cr3t" is a
        // credential only once "@db" arrives). One at the window's cut start may be the end of a
        // longer token seen whole before, so it is not taken when the cut fell inside a token.
        if (span.start === 0 && TOKEN_CHAR.test(cutBefore)) continue;
        // A span found cut short at the window's end grows as the token arrives ("sk-proj-Q7vX…"):
        // reported again with its new end, so a redaction covers the whole key.
        const key = `${scanner.id}:${base + span.start}:${span.type}`;
        const end = base + span.end;
        if ((reported.get(key) ?? -1) >= end) continue;
        reported.set(key, end);
        fresh = true;
        findings.push({ ...span, start: base + span.start, end, scanner: scanner.id });
      }
      if (fresh && rank[result.verdict] > rank[verdict]) {
        verdict = result.verdict;
        reason = result.reason;
        if (verdict === 'block') blockedBy = scanner.id;
      }
    }
    streamed += chunk.length;
    const from = tailStart(window, overlap);
    cutBefore = from > 0 ? (window[from - 1] as string) : '';
    tail = window.slice(from);
    if (verdict === 'block') {
      blocked = true;
      held = '';
      return {
        verdict,
        emit: '',
        findings,
        ...(blockedBy ? { blockedBy } : {}),
        ...(reason ? { reason } : {}),
        latencyMs: performance.now() - t0,
      };
    }
    const pending = held + chunk;
    const cut = Math.max(0, pending.length - holdBack);
    held = pending.slice(cut);
    return {
      verdict,
      emit: pending.slice(0, cut),
      findings,
      ...(reason ? { reason } : {}),
      latencyMs: performance.now() - t0,
    };
  };

  return {
    push,
    end(): ChunkVerdict {
      if (blocked) return { verdict: 'block', emit: '', findings: [], latencyMs: 0 };
      const emit = held;
      held = '';
      return { verdict: 'pass', emit, findings: [], latencyMs: 0 };
    },
    get skipped(): readonly string[] {
      return skipped;
    },
  };
}
