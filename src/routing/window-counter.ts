const BUCKETS = 60;
const BUCKET_MS = 1000;
export const WINDOW_MS = BUCKETS * BUCKET_MS;

/**
 * A per-process sliding one-minute sum in 60 one-second buckets (for rpm / tpm caps). Bucketing
 * keeps memory fixed and `add` O(1); `total` is O(60) and runs only for capped deployments.
 */
export class WindowCounter {
  private readonly stamps = new Float64Array(BUCKETS).fill(Number.NEGATIVE_INFINITY);
  private readonly values = new Float64Array(BUCKETS);

  add(now: number, amount: number): void {
    const index = Math.floor(now / BUCKET_MS);
    const slot = index % BUCKETS;
    if (this.stamps[slot] !== index) {
      this.stamps[slot] = index;
      this.values[slot] = 0;
    }
    this.values[slot]! += amount;
  }

  total(now: number): number {
    const oldest = Math.floor(now / BUCKET_MS) - BUCKETS;
    let sum = 0;
    for (let slot = 0; slot < BUCKETS; slot++) {
      if (this.stamps[slot]! > oldest) sum += this.values[slot]!;
    }
    return sum;
  }

  /** Milliseconds until the oldest counted bucket leaves the window (when capacity frees up). */
  msUntilRelief(now: number): number {
    const oldest = Math.floor(now / BUCKET_MS) - BUCKETS;
    let first = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < BUCKETS; slot++) {
      const stamp = this.stamps[slot]!;
      if (stamp > oldest && this.values[slot]! > 0 && stamp < first) first = stamp;
    }
    if (first === Number.POSITIVE_INFINITY) return 0;
    return Math.max(0, Math.ceil((first + BUCKETS) * BUCKET_MS - now));
  }
}
