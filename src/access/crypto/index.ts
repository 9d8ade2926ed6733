export { open, type Sealed, seal } from './aead.ts';
export {
  CREDENTIAL_NAME,
  type CredentialInfo,
  credentialAad,
  MAX_SECRET_CHARS,
} from './credential-rows.ts';
export {
  type CredentialStore,
  type CredentialStoreOptions,
  createCredentialStore,
  listCredentials,
} from './credential-store.ts';
export { keyMatches, WRONG_KEY_MESSAGE } from './key-check.ts';
export { MASTER_KEY_ENV, type MasterKey, masterKeyFromEnv, parseMasterKey } from './master-key.ts';
export { type OpenProviderCredentialsOptions, openProviderCredentials } from './provider-credentials.ts';
export { type RotateKeyOptions, type RotateKeyResult, rotateMasterKey } from './rotate-key.ts';
