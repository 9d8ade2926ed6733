import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { SqlRow } from '../../spec/index.ts';
import type { Actor, AuditEvent } from '../types.ts';
import type { HashedFields } from './audit-hash.ts';
import type { AuditEntry } from './audit-types.ts';
import { canonicalJson } from './canonical-json.ts';
import { redactSecrets } from './redact.ts';

/** Largest stored snapshot; bigger ones are replaced by a marker so one event cannot bloat the log. */
export const MAX_SNAPSHOT_CHARS = 64 * 1024;

const actorSchema = z.object({
  kind: z.enum(['user', 'admin_token', 'virtual_key', 'system', 'cli']),
  id: z.string().min(1).max(256),
  orgId: z.string().min(1).max(256).optional(),
});

const eventSchema = z.object({
  actor: actorSchema,
  action: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'must be a dotted verb like key.create'),
  target: z.string().min(1).max(512),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** Columns in the order every SELECT returns them. */
export const AUDIT_COLUMNS =
  'seq, id, at, actor_kind, actor_id, actor_org, action, target, before_json, after_json, meta_json, prev_hash, hash';

export interface AuditRow extends SqlRow {
  seq: number;
  id: string;
  at: number;
  actor_kind: string;
  actor_id: string;
  actor_org: string | null;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
  meta_json: string | null;
  prev_hash: string;
  hash: string;
}

/** An event validated, redacted and serialised: everything but seq and prevHash (set at append). */
export type PreparedEvent = Omit<HashedFields, 'seq' | 'prevHash'>;

export function prepareEvent(event: AuditEvent, options: { id: string; time: number }): PreparedEvent {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'event';
    throw new KeelError('invalid_request', `audit event rejected: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const { actor, action, target, before, after, meta } = parsed.data;
  return {
    id: options.id,
    time: options.time,
    actorKind: actor.kind,
    actorId: actor.id,
    actorOrg: actor.orgId ?? null,
    action,
    target,
    beforeJson: snapshot(before),
    afterJson: snapshot(after),
    metaJson: snapshot(meta),
  };
}

function snapshot(value: unknown): string | null {
  if (value === undefined) return null;
  const text = canonicalJson(redactSecrets(value));
  if (text.length <= MAX_SNAPSHOT_CHARS) return text;
  return canonicalJson({ truncated: true, chars: text.length });
}

/** The hashed view of a stored row (Postgres/SQLite numbers normalised to JS numbers). */
export function rowFields(row: AuditRow): HashedFields {
  return {
    seq: Number(row.seq),
    id: row.id,
    time: Number(row.at),
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorOrg: row.actor_org,
    action: row.action,
    target: row.target,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    metaJson: row.meta_json,
    prevHash: row.prev_hash,
  };
}

export function toEntry(row: AuditRow): AuditEntry {
  const actor: Actor = { kind: row.actor_kind as Actor['kind'], id: row.actor_id };
  if (row.actor_org !== null) actor.orgId = row.actor_org;
  const meta = parseJson(row.meta_json);
  return {
    seq: Number(row.seq),
    id: row.id,
    time: Number(row.at),
    actor,
    action: row.action,
    target: row.target,
    before: parseJson(row.before_json),
    after: parseJson(row.after_json),
    meta:
      meta !== null && typeof meta === 'object' && !Array.isArray(meta)
        ? (meta as Record<string, unknown>)
        : null,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

// A tampered row may hold text that is not JSON; listing it must still work (verify reports it).
function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
