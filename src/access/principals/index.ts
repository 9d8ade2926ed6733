export * from './entities.ts';
export { KeyCache, type KeyCacheOptions } from './key-cache.ts';
export { chainLevels, mergePolicy, type ScopeChain } from './merge-policy.ts';
export { type LoadedKey, loadKeysByHash, loadScopes } from './principal-loader.ts';
export {
  ADMIN_TOKEN_PREFIX,
  displayPrefix,
  hashSecret,
  isAdminToken,
  isVirtualKey,
  KEY_PREFIX,
  type NewSecret,
  newSecret,
} from './secrets.ts';
