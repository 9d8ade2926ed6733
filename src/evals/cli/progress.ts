import type { CostEstimate, Progress } from '../runner/index.ts';

/**
 * Run progress on stderr: a live bar with ETA and running cost when stderr is a terminal,
 * otherwise a plain line every `intervalMs` (CI logs stay readable).
 */

export const usd = (x: number) => (x === 0 ? '$0' : x < 0.01 ? `$${x.toFixed(6)}` : `$${x.toFixed(4)}`);

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(p: Progress, width = 24): string {
  const share = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
  const fresh = p.done - p.resumed;
  const rate = p.elapsedMs > 0 ? fresh / p.elapsedMs : 0;
  const eta = rate > 0 ? (p.total - p.done) / rate : Number.NaN;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const errors = p.errors > 0 ? ` ${p.errors} errors` : '';
  return `${bar} ${Math.floor(share * 100)}% ${p.done}/${p.total} ETA ${p.done >= p.total ? '0s' : duration(eta)} ${usd(p.costUsd)} c=${p.concurrency}${errors}`;
}

export function estimateText(e: CostEstimate, cap: number | undefined): string {
  const lines = [
    `estimate: ${e.calls} calls (${e.items} items), about ${usd(e.usd)}${cap !== undefined ? ` (cap ${usd(cap)})` : ''}`,
  ];
  for (const t of e.targets) {
    lines.push(
      `  ${t.key}: ~${Math.round(t.promptTokensPerItem)} prompt + ${t.outputTokensPerItem} output tokens per item${t.priced ? `, ${usd(t.usd)}` : ', price unknown'}`,
    );
  }
  if (e.judgeUsd > 0) lines.push(`  judges: ~${usd(e.judgeUsd)} (rough)`);
  if (e.unpriced.length > 0) lines.push(`  no price for: ${e.unpriced.join(', ')} (counted as $0)`);
  return `${lines.join('\n')}\n`;
}

export function createProgress(o: {
  write: (text: string) => void;
  tty: boolean;
  intervalMs?: number;
  now?: () => number;
}) {
  const now = o.now ?? Date.now;
  const interval = o.intervalMs ?? (o.tty ? 100 : 5000);
  let last = Number.NEGATIVE_INFINITY;
  let latest: Progress | null = null;
  let drawn = false;
  return {
    update(p: Progress): void {
      latest = p;
      const t = now();
      if (t - last < interval && p.done < p.total) return;
      last = t;
      if (o.tty) {
        o.write(`\r\x1b[2K${progressLine(p)}`);
        drawn = true;
      } else o.write(`progress: ${progressLine(p)}\n`);
    },
    done(): void {
      if (o.tty && drawn && latest) o.write(`\r\x1b[2K${progressLine(latest)}\n`);
    },
  };
}
