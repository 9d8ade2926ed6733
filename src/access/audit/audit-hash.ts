import { createHash } from 'node:crypto';

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Exactly the stored columns a row's hash covers (JSON snapshots as their stored text). */
export interface HashedFields {
  seq: number;
  id: string;
  time: number;
  actorKind: string;
  actorId: string;
  actorOrg: string | null;
  action: string;
  target: string;
  beforeJson: string | null;
  afterJson: string | null;
  metaJson: string | null;
  prevHash: string;
}

/**
 * SHA-256 over a fixed-order JSON array of every column plus the previous row's hash. A JSON array
 * of strings/numbers/nulls serialises one way only, so this is canonical; the version tag lets a
 * future format coexist with old rows.
 */
export function rowHash(fields: HashedFields): string {
  const canonical = JSON.stringify([
    'keel-audit-v1',
    fields.seq,
    fields.id,
    fields.time,
    fields.actorKind,
    fields.actorId,
    fields.actorOrg,
    fields.action,
    fields.target,
    fields.beforeJson,
    fields.afterJson,
    fields.metaJson,
    fields.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
