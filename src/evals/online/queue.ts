import type { ChatMessage } from '../../spec/chat.ts';

/** A finished, sampled request waiting to be scored. */
export interface Sample {
  requestId: string;
  /** Online rules that sampled it. */
  rules: string[];
  messages: ChatMessage[];
  output: string;
  model: string;
  feature: string | null;
  latencyMs: number;
  costUsd: number;
  at: number;
}

/**
 * A bounded in-memory queue between the gateway hook (producer, on the request path: push is
 * O(1) and never blocks) and the scoring job (consumer). When full, new samples are dropped and
 * counted: online evaluation is a sample already, so shedding load beats slowing requests.
 */
export class SampleQueue {
  readonly capacity: number;
  #items: Sample[] = [];
  #head = 0;
  #dropped = 0;
  #waiter: (() => void) | null = null;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  get dropped(): number {
    return this.#dropped;
  }

  push(sample: Sample): boolean {
    if (this.size >= this.capacity) {
      this.#dropped++;
      return false;
    }
    this.#items.push(sample);
    const wake = this.#waiter;
    this.#waiter = null;
    wake?.();
    return true;
  }

  shift(): Sample | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head]!;
    this.#head++;
    // Compact now and then so the array does not grow forever.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Resolves when something is queued (or at once if something already is). */
  wait(): Promise<void> {
    if (this.size > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.#waiter;
      this.#waiter = () => {
        previous?.();
        resolve();
      };
    });
  }

  /** Wakes a waiting consumer without an item (shutdown). */
  interrupt(): void {
    const wake = this.#waiter;
    this.#waiter = null;
    wake?.();
  }
}
