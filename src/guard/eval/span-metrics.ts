/**
 * Span-level precision/recall/F1 per entity type, for PII detection. Two matching modes:
 * exact (same type, same start and end) and overlap (same type, any shared character). Matching
 * is one-to-one (a predicted span can match at most one gold span and vice versa), greedy in
 * gold order, so duplicate predictions count as false positives.
 */
export interface TypedSpan {
  type: string;
  start: number;
  end: number;
}

export interface PrfScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface SpanTypeScores {
  gold: number;
  predicted: number;
  exact: PrfScores;
  overlap: PrfScores;
}

export interface SpanMetricsReport {
  perType: Record<string, SpanTypeScores>;
  /** Micro-average over all types present in gold or predictions. */
  micro: SpanTypeScores;
}

interface Tally {
  gold: number;
  predicted: number;
  exact: number;
  overlap: number;
}

const prf = (hits: number, predicted: number, gold: number): PrfScores => {
  const precision = predicted === 0 ? 0 : hits / predicted;
  const recall = gold === 0 ? 0 : hits / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
};

function matchOneToOne(
  gold: TypedSpan[],
  predicted: TypedSpan[],
  same: (g: TypedSpan, p: TypedSpan) => boolean,
): number {
  const used = new Set<number>();
  let hits = 0;
  for (const g of gold) {
    const k = predicted.findIndex((p, i) => !used.has(i) && same(g, p));
    if (k >= 0) {
      used.add(k);
      hits++;
    }
  }
  return hits;
}

const exactMatch = (g: TypedSpan, p: TypedSpan): boolean => g.start === p.start && g.end === p.end;
const overlapMatch = (g: TypedSpan, p: TypedSpan): boolean => p.start < g.end && g.start < p.end;

/** Scores `predicted[i]` against `gold[i]` for every document i. */
export function spanMetrics(
  gold: ReadonlyArray<readonly TypedSpan[]>,
  predicted: ReadonlyArray<readonly TypedSpan[]>,
): SpanMetricsReport {
  const tallies = new Map<string, Tally>();
  const tally = (type: string): Tally => {
    let t = tallies.get(type);
    if (!t) {
      t = { gold: 0, predicted: 0, exact: 0, overlap: 0 };
      tallies.set(type, t);
    }
    return t;
  };
  gold.forEach((docGold, i) => {
    const docPred = predicted[i] ?? [];
    const types = new Set([...docGold.map((s) => s.type), ...docPred.map((s) => s.type)]);
    for (const type of types) {
      const g = docGold.filter((s) => s.type === type);
      const p = docPred.filter((s) => s.type === type);
      const t = tally(type);
      t.gold += g.length;
      t.predicted += p.length;
      t.exact += matchOneToOne(g, p, exactMatch);
      t.overlap += matchOneToOne(g, p, overlapMatch);
    }
  });
  const perType: Record<string, SpanTypeScores> = {};
  const total: Tally = { gold: 0, predicted: 0, exact: 0, overlap: 0 };
  for (const [type, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
    perType[type] = toScores(t);
    total.gold += t.gold;
    total.predicted += t.predicted;
    total.exact += t.exact;
    total.overlap += t.overlap;
  }
  return { perType, micro: toScores(total) };
}

function toScores(t: Tally): SpanTypeScores {
  return {
    gold: t.gold,
    predicted: t.predicted,
    exact: prf(t.exact, t.predicted, t.gold),
    overlap: prf(t.overlap, t.predicted, t.gold),
  };
}
