/**
 * Keeps the best of overlapping spans. Spans are grouped into clusters of (transitively)
 * overlapping ones with one sweep, and the rank-greedy choice runs inside each cluster, so a
 * megabyte with tens of thousands of findings costs O(n log n), not O(n²).
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
    else if (cluster.length > 1) {
      const chosen: T[] = [];
      for (const s of [...cluster].sort(better)) {
        if (!chosen.some((k) => s.start < k.end && k.start < s.end)) chosen.push(s);
      }
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
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
