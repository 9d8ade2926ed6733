import type { SecretRef } from '../../config/schema.ts';
import { KeelError } from '../../errors/index.ts';

/** `${NAME}` inside a plain string means "read NAME from the environment", like `{ env: NAME }`. */
const ENV_PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Resolves a configured secret to its value. Missing environment variables are configuration
 * errors (surfaced at startup), never silently an unauthenticated upstream call.
 * `owner` names what needs the secret (e.g. `provider openai`) so the error says where to look.
 */
export function resolveSecret(
  ref: SecretRef | undefined,
  env: NodeJS.ProcessEnv = process.env,
  owner?: string,
): string | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'object' && 'credential' in ref) return resolveCredential(ref.credential, owner);
  let name: string;
  if (typeof ref === 'string') {
    const match = ENV_PLACEHOLDER.exec(ref);
    if (match === null) return ref;
    name = match[1] as string;
  } else {
    name = ref.env;
  }
  const value = env[name];
  if (value === undefined || value === '') {
    const prefix = owner === undefined ? '' : `${owner}: `;
    throw new KeelError('config_invalid', `${prefix}environment variable ${name} is not set`);
  }
  return value;
}

/** Looks up a decrypted stored provider credential by name (`apiKey: { credential: NAME }`). */
export type CredentialResolver = (name: string) => string | undefined;

let credentialResolver: CredentialResolver | undefined;

/**
 * Installed at start by whoever loaded the encrypted credential store (src/access/crypto), before
 * providers are built; process-wide because provider factories take no store. `undefined` removes it.
 */
export function setCredentialResolver(resolver: CredentialResolver | undefined): void {
  credentialResolver = resolver;
}

function resolveCredential(name: string, owner: string | undefined): string {
  const prefix = owner === undefined ? '' : `${owner}: `;
  if (credentialResolver === undefined) {
    throw new KeelError(
      'config_invalid',
      `${prefix}credential '${name}' needs the encrypted credential store (set KEEL_MASTER_KEY)`,
    );
  }
  const value = credentialResolver(name);
  if (value === undefined || value === '') {
    throw new KeelError(
      'config_invalid',
      `${prefix}credential '${name}' is not stored (add it with: keel credentials set ${name})`,
    );
  }
  return value;
}
