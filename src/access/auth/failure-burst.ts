/**
 * Counts authentication failures per client address in fixed windows and reports a burst once per
 * address per window when the count reaches the threshold. Memory is bounded: at most `maxClients`
 * addresses are tracked (new ones evict the oldest), so an attacker rotating addresses cannot grow it.
 */
export interface FailureBurstOptions {
  threshold: number;
  windowMs: number;
  maxClients?: number;
  now?: () => number;
  onBurst(burst: { ip: string; failures: number; windowMs: number }): void;
}

interface Window {
  start: number;
  count: number;
  reported: boolean;
}

export class FailureBurstDetector {
  readonly #options: FailureBurstOptions;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(options: FailureBurstOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Call on every failed authentication. */
  failure(ip: string): void {
    const now = this.#now();
    let window = this.#windows.get(ip);
    if (window === undefined || now - window.start >= this.#options.windowMs) {
      if (window === undefined && this.#windows.size >= (this.#options.maxClients ?? 10_000)) {
        const oldest = this.#windows.keys().next();
        if (!oldest.done) this.#windows.delete(oldest.value);
      }
      window = { start: now, count: 0, reported: false };
      this.#windows.delete(ip);
      this.#windows.set(ip, window);
    }
    window.count++;
    if (!window.reported && window.count >= this.#options.threshold) {
      window.reported = true;
      this.#options.onBurst({ ip, failures: window.count, windowMs: this.#options.windowMs });
    }
  }
}
