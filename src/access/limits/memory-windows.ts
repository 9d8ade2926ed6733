/**
 * The in-memory counter structures: a sliding log of weighted entries (RPM with weight 1, TPM with
 * token counts) and a set of expiring holds (parallel slots, budget reservations). Both mirror the
 * Redis layout (sorted sets purged by score) so the two stores behave the same.
 */

/** Time-ordered entries in a sliding window; the oldest sit at `head`. */
export class SlidingLog {
  #times: number[] = [];
  #weights: number[] = [];
  #head = 0;
  #sum = 0;

  /** Weight of entries newer than `cutoff` (older ones are dropped first). */
  sum(cutoff: number): number {
    this.#purge(cutoff);
    return this.#sum;
  }

  get size(): number {
    return this.#times.length - this.#head;
  }

  add(time: number, weight: number): void {
    this.#times.push(time);
    this.#weights.push(weight);
    this.#sum += weight;
  }

  /**
   * When enough weight will have left the window for `needed` more to fit under `limit`:
   * the time of the entry whose expiry frees it, plus the window. Null when it never will.
   */
  freesAt(options: { limit: number; needed: number; windowMs: number }): number | null {
    let excess = this.#sum + options.needed - options.limit;
    if (options.needed > options.limit) return null;
    for (let i = this.#head; i < this.#times.length; i++) {
      excess -= this.#weights[i] as number;
      if (excess <= 0) return (this.#times[i] as number) + options.windowMs;
    }
    return null;
  }

  #purge(cutoff: number): void {
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= cutoff) {
      this.#sum -= this.#weights[this.#head] as number;
      this.#head++;
    }
    // Compact now and then so the arrays do not grow without bound.
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#weights = this.#weights.slice(this.#head);
      this.#head = 0;
    }
    if (this.size === 0) this.#sum = 0;
  }
}

/** Holds (id → amount) that lapse at their expiry unless released first. */
export class HoldSet {
  readonly #holds = new Map<string, { amount: number; expiresAt: number }>();
  #total = 0;
  /** Earliest expiry among the holds, so purging is skipped until something can have lapsed. */
  #nextExpiry = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.#holds.size;
  }

  /** Sum of live holds at `now`. */
  total(now: number): number {
    this.purge(now);
    return this.#total;
  }

  count(now: number): number {
    this.purge(now);
    return this.#holds.size;
  }

  add(id: string, amount: number, expiresAt: number): void {
    const previous = this.#holds.get(id);
    if (previous) this.#total -= previous.amount;
    this.#holds.set(id, { amount, expiresAt });
    this.#total += amount;
    if (expiresAt < this.#nextExpiry) this.#nextExpiry = expiresAt;
  }

  /** Moves a live hold's expiry to `expiresAt`; a hold already gone stays gone. */
  extend(id: string, expiresAt: number, now: number): void {
    this.purge(now);
    const hold = this.#holds.get(id);
    if (hold) hold.expiresAt = Math.max(hold.expiresAt, expiresAt);
  }

  /** Removes a hold; returns whether it was still there (not lapsed, not released before). */
  release(id: string): boolean {
    const hold = this.#holds.get(id);
    if (!hold) return false;
    this.#holds.delete(id);
    this.#total -= hold.amount;
    return true;
  }

  earliestExpiry(now: number): number | null {
    this.purge(now);
    return this.#holds.size === 0 ? null : this.#nextExpiry;
  }

  purge(now: number): void {
    if (now < this.#nextExpiry) return;
    let next = Number.POSITIVE_INFINITY;
    for (const [id, hold] of this.#holds) {
      if (hold.expiresAt <= now) {
        this.#holds.delete(id);
        this.#total -= hold.amount;
      } else if (hold.expiresAt < next) next = hold.expiresAt;
    }
    this.#nextExpiry = next;
    if (this.#holds.size === 0) this.#total = 0;
  }
}
