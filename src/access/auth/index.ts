export {
  ANONYMOUS_PRINCIPAL,
  type AuthFailureReason,
  type AuthHookOptions,
  createAuthHook,
} from './auth-hook.ts';
export { presentedCredential } from './credentials.ts';
export { FailureBurstDetector, type FailureBurstOptions } from './failure-burst.ts';
