import type { ChatMessage } from '../../spec/chat.ts';

/**
 * Where an item came from. Training-data export excludes `synthetic` by default and refuses
 * `unknown` unless explicitly allowed, so importers should say what they know.
 */
export type Provenance = 'human' | 'synthetic' | 'production_trace' | 'unknown';
export const PROVENANCES: readonly Provenance[] = ['human', 'synthetic', 'production_trace', 'unknown'];

/** An item's input: template variables, chat messages, or both (messages follow a prompt's own). */
export interface ItemInput {
  variables?: Record<string, unknown>;
  messages?: ChatMessage[];
}

/** A scorer spec attached to one item (promptfoo's per-test `assert`). */
export interface ItemAssertion {
  type: string;
  /** Weight in the item's combined score (default 1). */
  weight?: number;
  [param: string]: unknown;
}

export interface DatasetItem {
  /** Stable across versions (a copied item keeps its id), so experiments compare per item. */
  id: string;
  /** Order within the version. */
  seq: number;
  input: ItemInput;
  expected: string | null;
  /** Context documents (RAG metrics, citation checks). */
  context: string[];
  metadata: Record<string, unknown>;
  tags: string[];
  provenance: Provenance;
  /** Where it was made from: `request:ID`, `review:ID`, `import:FILE`… */
  source: string | null;
  assertions: ItemAssertion[] | null;
  createdAt: number;
}

/** An item as given to addItems / import: everything but the id optional. */
export interface NewItem {
  id?: string;
  input: ItemInput;
  expected?: string | null;
  context?: string[];
  metadata?: Record<string, unknown>;
  tags?: string[];
  provenance?: Provenance;
  source?: string | null;
  assertions?: ItemAssertion[] | null;
}

export interface Dataset {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface DatasetVersion {
  datasetId: string;
  version: number;
  itemCount: number;
  /** Used by an experiment: immutable from then on (edits create a new version). */
  locked: boolean;
  message: string;
  createdAt: number;
}
