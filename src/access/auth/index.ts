export {
  ANONYMOUS_PRINCIPAL,
  type AuthFailureReason,
  type AuthHookOptions,
  createAuthHook,
} from './auth-hook.ts';
export { presentedCredential } from './credentials.ts';
export { FailureBurstDetector, type FailureBurstOptions } from './failure-burst.ts';
export {
  createKeyVerifier,
  type KeyCheck,
  type KeyHeaders,
  type KeyVerifierOptions,
  type VerifyKey,
} from './key-verifier.ts';
