import { isKeelError } from '../../errors/index.ts';
import type { AdminCaller } from '../rbac/index.ts';
import { audit, type ServiceDeps } from './service-deps.ts';

/** The event a mutating call records when it succeeds; refused, it records `<action>.denied`. */
export interface Attempt {
  action: string;
  target: string;
}

// Targets come from the request, and a call may be refused before it validates them (credential
// names): capped well below the audit log's 512, which would otherwise reject the whole event.
const MAX_TARGET = 200;

/**
 * Wraps the admin service's mutating calls so that a refusal (403) is audited too: security teams
 * look for denied admin actions, such as a developer trying to raise a budget an admin set. Only
 * 403s count. A 404 (absent, or in another organisation or team) is not a refusal of anything the
 * caller can see, and recording it would put another organisation's ids in this one's log. A 403
 * is only ever given for something the caller can see (rbac.ts checks visibility first), so the
 * event goes to the caller's own organisation: the actor's, as with every admin event.
 */
export function refusalAudit(deps: ServiceDeps) {
  return async <T>(caller: AdminCaller, attempt: Attempt, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isKeelError(error) && error.code === 'forbidden') {
        await recordRefusal(deps, caller, { ...attempt, reason: error.message });
      }
      throw error;
    }
  };
}

async function recordRefusal(
  deps: ServiceDeps,
  caller: AdminCaller,
  refusal: Attempt & { reason: string },
): Promise<void> {
  try {
    // The reason is a refusal message (roles, field names); the refused body is not recorded,
    // since it may hold a secret (a credential's value).
    await audit(deps, caller, {
      action: `${refusal.action}.denied`,
      target: refusal.target.slice(0, MAX_TARGET),
      orgId: caller.orgId,
      meta: { reason: refusal.reason },
    });
  } catch {
    // The sink promises never to throw; should one, the caller still gets the 403, not this.
  }
}

/** A string field of a request body or path, to name a refused call's target (unchecked: a label). */
export function field(input: unknown, key: string): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value: unknown = Reflect.get(input, key);
  return typeof value === 'string' ? value : undefined;
}

/** Where a refused create would have gone: `kind:id` of the parent named, else the collection. */
export function parent(kind: string, id: string | undefined, collection: string): string {
  return id === undefined ? collection : `${kind}:${id}`;
}
