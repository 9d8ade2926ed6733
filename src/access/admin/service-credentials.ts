import { KeelError } from '../../errors/index.ts';
import { type CredentialMeta, isoTime } from '../principals/entities.ts';
import { type AdminCaller, requireInstanceOwner, requireRole, type Verb } from '../rbac/index.ts';
import { credentialParams, credentialPutSchema } from './schemas.ts';
import type { AdminCredentialStore, ServiceDeps } from './service-deps.ts';
import { parseInput } from './validate.ts';

/**
 * Provider credentials, through the crypto module's store (which encrypts them and records its
 * own audit events). Values go in and never come out: list returns names and times only.
 * Credentials belong to the whole installation, so only instance-wide callers may touch them.
 */

function store(deps: ServiceDeps): AdminCredentialStore {
  if (!deps.credentials) {
    throw new KeelError('config_invalid', 'Provider credential storage is not enabled on this Keel');
  }
  return deps.credentials;
}

// Every organisation's traffic uses these credentials, so one organisation's admins must not read
// their names, replace them (redirecting others' requests to an account they control) or delete them.
function check(caller: AdminCaller, verb: Verb): void {
  requireRole(caller, { resource: 'credential', verb, label: 'credential' });
  requireInstanceOwner(caller, 'manage provider credentials (they serve every organisation)');
}

const meta = (info: {
  name: string;
  keyId: string;
  createdAt: number;
  updatedAt: number;
}): CredentialMeta => ({
  name: info.name,
  keyId: info.keyId,
  createdAt: isoTime(info.createdAt),
  updatedAt: isoTime(info.updatedAt),
});

function credentialName(name: unknown): string {
  return parseInput(credentialParams, { name }, 'path').name;
}

export async function listCredentials(deps: ServiceDeps, caller: AdminCaller): Promise<CredentialMeta[]> {
  check(caller, 'read');
  return (await store(deps).list()).map(meta);
}

export async function putCredential(
  deps: ServiceDeps,
  caller: AdminCaller,
  request: { name: string; body: unknown },
): Promise<CredentialMeta> {
  const body = parseInput(credentialPutSchema, request.body);
  const name = credentialName(request.name);
  check(caller, 'write');
  return meta(await store(deps).put(name, body.value, caller.actor));
}

export async function deleteCredential(deps: ServiceDeps, caller: AdminCaller, name: string): Promise<void> {
  check(caller, 'write');
  await store(deps).delete(credentialName(name), caller.actor);
}
