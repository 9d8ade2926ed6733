import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepBestNonOverlapping } from './overlaps.ts';

interface Span {
  start: number;
  end: number;
  score: number;
}

/** The definition: best first, each kept unless it overlaps one already kept. */
function reference(spans: readonly Span[], better: (a: Span, b: Span) => number): Span[] {
  const chosen: Span[] = [];
  for (const s of [...spans].sort(better)) {
    if (!chosen.some((k) => s.start < k.end && k.start < s.end)) chosen.push(s);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

test('large clusters choose exactly what the pairwise definition chooses', () => {
  let seed = 9;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const better = (a: Span, b: Span) => b.score - a.score || a.start - b.start || a.end - b.end;
  for (let round = 0; round < 200; round++) {
    const n = 1 + Math.floor(rnd() * 120);
    const width = 10 + Math.floor(rnd() * 400);
    const spans: Span[] = Array.from({ length: n }, () => {
      const start = Math.floor(rnd() * width);
      const end = start + Math.floor(rnd() * 30);
      return { start, end, score: Math.floor(rnd() * 5) };
    });
    assert.deepEqual(keepBestNonOverlapping(spans, better), reference(spans, better), `round ${round}`);
  }
});

test('a megabyte of spans that touch one another stays fast', () => {
  // Each span overlaps the next: one cluster of 100k spans (the pairwise check took seconds).
  const spans: Span[] = Array.from({ length: 100_000 }, (_, i) => ({
    start: i * 10,
    end: i * 10 + 15,
    score: i % 3,
  }));
  const t0 = performance.now();
  const kept = keepBestNonOverlapping(spans, (a, b) => b.score - a.score || a.start - b.start);
  assert.ok(kept.length > 30_000);
  assert.ok(performance.now() - t0 < 2000, `${(performance.now() - t0).toFixed(0)} ms`);
});
