/**
 * Just enough Prometheus text-format parsing for the benchmark: read Keel's own histograms and
 * gauges from /metrics, subtract two scrapes, and estimate quantiles the way PromQL's
 * histogram_quantile does (linear interpolation inside the bucket).
 */
import { request } from 'undici';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Histogram {
  /** Cumulative counts by upper bound, ascending; the last bound is +Inf. */
  buckets: Array<{ le: number; count: number }>;
  sum: number;
  count: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return samples;
}

const matches = (labels: Record<string, string>, want: Record<string, string>): boolean =>
  Object.entries(want).every(([k, v]) => labels[k] === v);

/** Sum of all series of `name` whose labels include `want`. */
export function total(samples: Sample[], name: string, want: Record<string, string> = {}): number {
  let sum = 0;
  for (const s of samples) if (s.name === name && matches(s.labels, want)) sum += s.value;
  return sum;
}

/** One histogram, summed over the series whose labels include `want`. */
export function histogram(samples: Sample[], name: string, want: Record<string, string> = {}): Histogram {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || !matches(s.labels, want)) continue;
    const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  const buckets = [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  return { buckets, sum: total(samples, `${name}_sum`, want), count: total(samples, `${name}_count`, want) };
}

/** after − before, bucket by bucket (both from the same process, so bounds line up). */
export function diff(after: Histogram, before: Histogram): Histogram {
  const earlier = new Map(before.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (earlier.get(b.le) ?? 0) })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/** Like PromQL histogram_quantile: linear inside the bucket that holds the rank. */
export function quantile(h: Histogram, q: number): number {
  if (h.count <= 0) return Number.NaN;
  const rank = q * h.count;
  let lower = 0;
  let below = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lower;
      const inBucket = b.count - below;
      return inBucket <= 0 ? b.le : lower + (b.le - lower) * ((rank - below) / inBucket);
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

export async function scrape(baseUrl: string): Promise<Sample[]> {
  const res = await request(`${baseUrl}/metrics`);
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET /metrics answered ${res.statusCode}`);
  return parseSamples(text);
}
