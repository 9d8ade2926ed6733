/**
 * Keeps the best of overlapping spans. Spans are grouped into clusters of (transitively)
 * overlapping ones with one sweep, and the rank-greedy choice runs inside each cluster. A large
 * cluster (a megabyte of addresses and names that touch one another) is checked against the
 * chosen spans with a Fenwick tree over its character positions, so it costs O(n log n) as well.
 */
export function keepBestNonOverlapping<T extends { start: number; end: number }>(
  spans: readonly T[],
  better: (a: T, b: T) => number,
): T[] {
  const byStart = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  let cluster: T[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0] as T);
    else if (cluster.length > 1) kept.push(...chooseInCluster(cluster, clusterEnd, better));
    cluster = [];
  };
  for (const s of byStart) {
    if (s.start >= clusterEnd) {
      flush();
      clusterEnd = s.end;
    } else clusterEnd = Math.max(clusterEnd, s.end);
    cluster.push(s);
  }
  flush();
  return kept;
}

/** Below this many spans a pairwise check is cheaper than building the tree. */
const SMALL_CLUSTER = 32;

/** The rank-greedy choice inside one cluster (its spans sorted by start), in start order. */
function chooseInCluster<T extends { start: number; end: number }>(
  cluster: readonly T[],
  clusterEnd: number,
  better: (a: T, b: T) => number,
): T[] {
  const ranked = [...cluster].sort(better);
  const chosen: T[] = [];
  if (cluster.length <= SMALL_CLUSTER) {
    for (const s of ranked) if (!chosen.some((k) => s.start < k.end && k.start < s.end)) chosen.push(s);
  } else {
    const base = (cluster[0] as T).start;
    const taken = new Fenwick(clusterEnd - base);
    for (const s of ranked) {
      const from = s.start - base;
      const to = s.end - base;
      // A chosen span's characters are marked taken. An empty span (rare) is checked pairwise, as
      // the small-cluster path does: it overlaps a span it lies strictly inside.
      if (to > from ? taken.sum(from, to) > 0 : chosen.some((k) => s.start < k.end && k.start < s.end))
        continue;
      chosen.push(s);
      for (let i = from; i < to; i++) taken.add(i);
    }
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Counts of taken positions with prefix sums in O(log n). */
class Fenwick {
  private readonly tree: Int32Array;
  constructor(size: number) {
    this.tree = new Int32Array(size + 1);
  }
  add(i: number): void {
    for (let k = i + 1; k < this.tree.length; k += k & -k) this.tree[k] = (this.tree[k] as number) + 1;
  }
  private prefix(n: number): number {
    let total = 0;
    for (let k = n; k > 0; k -= k & -k) total += this.tree[k] as number;
    return total;
  }
  /** Taken positions in [from, to). */
  sum(from: number, to: number): number {
    return this.prefix(to) - this.prefix(from);
  }
}
