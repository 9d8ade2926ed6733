export type {
  CheckpointAction,
  CheckpointResult,
  CreateGuardOptions,
  Guard,
  GuardRunContext,
} from './create-guard.ts';
export { assertNotBlocked, createGuard, guardrailError } from './create-guard.ts';
export type { ScannerFactory } from './registry.ts';
export { builtinScannerFactories, builtinScanners } from './registry.ts';
export type { PreparedStep, StepOutcome, StepRecord } from './run-step.ts';
export type {
  GuardConfig,
  GuardConfigInput,
  PolicyConfig,
  PolicySelector,
  StepAction,
  StepConfig,
} from './schema.ts';
export {
  bindingSchema,
  CHECKPOINTS,
  guardConfigSchema,
  policySchema,
  selectPolicy,
  stepActionSchema,
  stepFallbacks,
  stepSchema,
} from './schema.ts';
