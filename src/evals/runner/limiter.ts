/**
 * Bounded, adaptive concurrency (AIMD, as TCP does): at most `limit` tasks in flight; a 429 halves
 * the limit (at most once per cool-down, so one burst of 429s does not collapse it to 1), and each
 * run of `limit` successes raises it by one, back up to `max`.
 */
export class AdaptiveLimiter {
  readonly max: number;
  #limit: number;
  #active = 0;
  #successes = 0;
  #lastCut = Number.NEGATIVE_INFINITY;
  readonly #waiters: (() => void)[] = [];
  readonly #cooldownMs: number;
  readonly #now: () => number;

  constructor(max: number, options: { cooldownMs?: number; now?: () => number } = {}) {
    this.max = Math.max(1, Math.floor(max));
    this.#limit = this.max;
    this.#cooldownMs = options.cooldownMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get limit(): number {
    return this.#limit;
  }

  get active(): number {
    return this.#active;
  }

  /** Resolves when a slot is free; pair every acquire with one release. */
  acquire(): Promise<void> {
    if (this.#active < this.#limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(() => {
        this.#active++;
        resolve();
      });
    });
  }

  release(): void {
    this.#active--;
    this.#wake();
  }

  onSuccess(): void {
    if (this.#limit >= this.max) return;
    if (++this.#successes >= this.#limit) {
      this.#successes = 0;
      this.#limit++;
      this.#wake();
    }
  }

  onRateLimited(): void {
    this.#successes = 0;
    const now = this.#now();
    if (now - this.#lastCut < this.#cooldownMs) return;
    this.#lastCut = now;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
  }

  #wake(): void {
    while (this.#active < this.#limit && this.#waiters.length > 0) this.#waiters.shift()!();
  }
}
