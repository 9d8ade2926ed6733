import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL, serviceSkip } from '../../../test/services.ts';
import { isKeelError } from '../../errors/index.ts';
import type { ChangeNotifier, Store } from '../../spec/index.ts';
import { createStore } from '../../store/index.ts';
import type { AdminCaller } from '../rbac/index.ts';
import type { AuditEvent, AuditSink, Role } from '../types.ts';
import { type AccessService, createAccessService } from './service.ts';

/** An in-memory audit sink for tests: what was recorded, in order. */
export class MemoryAudit implements AuditSink {
  readonly events: AuditEvent[] = [];
  async record(event: AuditEvent): Promise<void> {
    this.events.push(structuredClone(event));
  }
  actions(): string[] {
    return this.events.map((e) => e.action);
  }
}

/** A change notifier for tests: the topics published, in order. */
export class MemoryNotifier implements ChangeNotifier {
  readonly specVersion = 'v1';
  readonly topics: string[] = [];
  async publish(topic: string): Promise<void> {
    this.topics.push(topic);
  }
  subscribe(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}

export const INSTANCE_OWNER: AdminCaller = { actor: { kind: 'cli', id: 'test' }, role: 'owner' };

export function callerFor(user: {
  id: string;
  role: Role;
  orgId: string;
  teamId: string | null;
}): AdminCaller {
  return {
    actor: { kind: 'user', id: user.id, orgId: user.orgId },
    role: user.role,
    orgId: user.orgId,
    teamId: user.teamId ?? undefined,
    userId: user.id,
  };
}

/** A fresh in-memory store with the service over it. */
export async function serviceFixture(
  options: { now?: () => number; url?: string } = {},
): Promise<{ store: Store; audit: MemoryAudit; notices: MemoryNotifier; service: AccessService }> {
  const store = await createStore(options.url ?? 'sqlite::memory:');
  const audit = new MemoryAudit();
  const notices = new MemoryNotifier();
  const service = createAccessService({
    sql: store.sql,
    audit,
    notifier: notices,
    ...(options.now ? { now: options.now } : {}),
  });
  return { store, audit, notices, service };
}

export async function status(run: () => Promise<unknown>): Promise<number | 'ok'> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    assert.ok(isKeelError(error), String(error));
    return error.status;
  }
}

/** Runs a call expected to fail; its status and message, and the audit events it recorded. */
export async function refusal(
  audit: MemoryAudit,
  run: () => Promise<unknown>,
): Promise<{ status: number | 'ok'; message: string; events: AuditEvent[] }> {
  const start = audit.events.length;
  let message = '';
  const outcome = await status(async () => {
    try {
      await run();
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
      throw error;
    }
  });
  return { status: outcome, message, events: audit.events.slice(start) };
}

/**
 * The stores a service test runs on: SQLite in memory, and Postgres in a schema of its own (named
 * `prefix_<random>`), dropped after the file's tests; Postgres is skipped with the reason when absent.
 */
export async function serviceBackends(prefix: string) {
  const pgSkip = await serviceSkip('postgres');
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  after(async () => {
    if (pgSkip) return;
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  return [
    { name: 'sqlite', url: 'sqlite::memory:', skip: false as const },
    { name: 'postgres', url: `${POSTGRES_URL}?schema=${schema}`, skip: pgSkip },
  ];
}
