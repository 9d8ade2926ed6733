import type { Actor, AuditSink } from '../types.ts';

/** One stored audit row, as returned by `list()` and the API. */
export interface AuditEntry {
  /** Position in the chain: 1, 2, 3… with no gaps. */
  seq: number;
  id: string;
  /** Epoch ms. */
  time: number;
  actor: Actor;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  meta: Record<string, unknown> | null;
  /** Hash of the previous row (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 (hex) over this row's fields and prevHash. */
  hash: string;
}

export interface AuditQuery {
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  /** Actor id, exact. */
  actor?: string;
  /** Action, exact or a glob with `*` (`key.*`). */
  action?: string;
  /** Target, exact or a glob with `*` (`team:*`). */
  target?: string;
  /**
   * Only events of this organisation (`actor_org`). Events with no organisation (instance-level:
   * credentials, auth bursts, instance-wide actors outside any org) never match it.
   */
  orgId?: string;
  /** Only rows with seq below this (paging backwards). */
  beforeSeq?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The chain head when ok (anchor it elsewhere to detect a consistent rewrite of the whole chain). */
  head?: AuditHead;
  /** The first row that fails, when not ok. */
  firstBadSeq?: number;
  firstBadId?: string;
  /** What is wrong, naming the row. */
  reason?: string;
}

export interface AuditStats {
  recorded: number;
  failed: number;
}

/** The audit log: an AuditSink (record never throws) plus reading and verification. */
export interface AuditLog extends AuditSink {
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  verify(): Promise<AuditVerifyResult>;
  head(): Promise<AuditHead>;
  stats(): AuditStats;
}
