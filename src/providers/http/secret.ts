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
