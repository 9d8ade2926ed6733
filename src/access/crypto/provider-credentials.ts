import type { Logger } from '../../log/index.ts';
import { setCredentialResolver } from '../../providers/index.ts';
import type { Store } from '../../spec/index.ts';
import type { AuditSink } from '../types.ts';
import { type CredentialStore, createCredentialStore } from './credential-store.ts';
import { MASTER_KEY_ENV, masterKeyFromEnv } from './master-key.ts';

export interface OpenProviderCredentialsOptions {
  logger: Logger;
  /** Where KEEL_MASTER_KEY is read from (default process.env). */
  env?: Record<string, string | undefined>;
  audit?: AuditSink;
}

/**
 * Start-up step for `keel serve`: reads KEEL_MASTER_KEY, checks it against the stored key-check
 * value (a wrong key or a missing key with stored credentials throws config_invalid here), decrypts
 * the credentials into memory and installs them as the resolver for `apiKey: { credential: NAME }`.
 * Must run after the store is open and before providers are built. Values never reach the logger.
 */
export async function openProviderCredentials(
  store: Pick<Store, 'sql'>,
  options: OpenProviderCredentialsOptions,
): Promise<CredentialStore> {
  const env = options.env ?? process.env;
  const masterKey = masterKeyFromEnv(env, MASTER_KEY_ENV);
  const credentials = await createCredentialStore(store, { masterKey, audit: options.audit });
  const names = await credentials.load();
  // Without a key there is nothing to resolve; the resolver's absence gives the clearer error.
  setCredentialResolver(masterKey ? (name) => credentials.resolve(name) : undefined);
  if (masterKey)
    options.logger.info({ credentials: names.length, keyId: masterKey.id }, 'provider credentials loaded');
  return credentials;
}
