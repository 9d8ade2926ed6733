/**
 * Change notices between replicas, so caches of keys, policies, prompt labels and config are
 * dropped within seconds of a change anywhere. Memory in embedded mode; Redis pub/sub in cluster
 * mode. Notices are hints ("topic X changed"): the receiver re-reads the store.
 */
export interface ChangeNotifier {
  readonly specVersion: 'v1';
  /** Announce that something cached may be stale, e.g. `key:ID`, `prompt:NAME`. */
  publish(topic: string): Promise<void>;
  /** Returns an unsubscribe function. Listeners must not throw. */
  subscribe(listener: (topic: string) => void): () => void;
  close(): Promise<void>;
}
