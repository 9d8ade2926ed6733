import { isDeepStrictEqual } from 'node:util';
import type { ChangeNotifier, SqlExecutor } from '../../spec/index.ts';
import type { AdminCaller } from '../rbac/index.ts';
import type { Actor, AuditSink } from '../types.ts';

/** Change-notice topics the key cache listens to (see principals/key-cache.ts). */
export const KEY_TOPIC_PREFIX = 'access:key:';
/** Something a key's merged policy depends on changed (policy, budget, project…): re-read keys. */
export const SCOPE_TOPIC = 'access:scope';

/** Provider credential storage, as the crypto module provides it (it audits its own changes). */
export interface AdminCredentialStore {
  put(
    name: string,
    plaintext: string,
    actor: Actor,
  ): Promise<{ name: string; keyId: string; createdAt: number; updatedAt: number }>;
  list(): Promise<Array<{ name: string; keyId: string; createdAt: number; updatedAt: number }>>;
  delete(name: string, actor: Actor): Promise<void>;
}

export interface ServiceDeps {
  sql: SqlExecutor;
  audit: AuditSink;
  /** Cross-replica cache invalidation; optional for the CLI without Redis (the cache TTL covers it). */
  notifier?: ChangeNotifier | undefined;
  credentials?: AdminCredentialStore | undefined;
  now: () => number;
  /** `access.webhooks.allowPrivate`, read per change; absent (the CLI) = false. */
  allowPrivateWebhooks?: (() => boolean) | undefined;
}

/** A snapshot without its `updatedAt`, which every write moves even when it changes nothing. */
function stored(snapshot: unknown): unknown {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) return snapshot;
  return Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== 'updatedAt'));
}

/** Whether an update left every stored field as it was (a rename to the same name, the same PUT again). */
export function unchanged(before: unknown, after: unknown): boolean {
  return isDeepStrictEqual(stored(before), stored(after));
}

/**
 * Records an admin change with the caller as actor; the audit sink never throws. `orgId` is the
 * organisation the change belongs to: it is stored as the event's `actor_org`, which is what scopes
 * audit reads, so an instance-wide caller (bootstrap token, CLI) acting inside an organisation is
 * recorded against it and that organisation's admins see the change.
 *
 * An update (both snapshots given) that changed nothing is not recorded: the log is read for what
 * changed, and a client that re-applies its whole config on every deploy would otherwise bury the
 * real changes. It is checked here, once, so no update path can forget it.
 */
export async function audit(
  deps: ServiceDeps,
  caller: AdminCaller,
  event: {
    action: string;
    target: string;
    /** The organisation the event belongs to; unknown only for a refusal by an instance-wide caller. */
    orgId: string | undefined;
    before?: unknown;
    after?: unknown;
    /** Added to the caller's own meta (a refusal's reason). */
    meta?: Record<string, string>;
  },
): Promise<void> {
  if (event.before !== undefined && event.after !== undefined && unchanged(event.before, event.after)) return;
  const meta = event.meta ? { ...caller.meta, ...event.meta } : caller.meta;
  await deps.audit.record({
    actor:
      caller.actor.orgId === undefined && event.orgId !== undefined
        ? { ...caller.actor, orgId: event.orgId }
        : caller.actor,
    action: event.action,
    target: event.target,
    ...(event.before === undefined ? {} : { before: event.before }),
    ...(event.after === undefined ? {} : { after: event.after }),
    ...(meta ? { meta } : {}),
  });
}

/** Publishes a change notice; a lost notice is healed by the cache TTL, so failures are ignored. */
export async function notify(deps: ServiceDeps, topic: string): Promise<void> {
  await deps.notifier?.publish(topic).catch(() => undefined);
}
