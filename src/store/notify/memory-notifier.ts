import type { ChangeNotifier } from '../../spec/index.ts';

/** One process: notices go straight to local listeners. */
export class MemoryNotifier implements ChangeNotifier {
  readonly specVersion = 'v1';
  readonly #listeners = new Set<(topic: string) => void>();

  async publish(topic: string): Promise<void> {
    for (const listener of this.#listeners) listener(topic);
  }

  subscribe(listener: (topic: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
