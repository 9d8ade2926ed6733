import type { Scanner } from '../../spec/scanner.ts';
import { type GuardSection, policyConfigOf } from '../config.ts';
import {
  builtinScannerFactories,
  createGuard,
  type Guard,
  type GuardConfig,
  type PolicyConfig,
  type PolicySelector,
  type ScannerFactory,
  type StepAction,
  type StepConfig,
  selectPolicy,
  stepFallbacks,
} from '../policy/index.ts';

/** A policy step compiled for synchronous use (stream chunks and stream-end checks cannot await). */
export interface SyncStep {
  id: string;
  /** Scanner type from the registry (json-schema, secrets…). */
  type: string;
  scanner: Scanner;
  action: StepAction;
  threshold: number | undefined;
  onTimeout: 'allow' | 'block';
  onError: 'allow' | 'block';
}

/** What the gateway hooks need to know about one policy, decided once per config. */
export interface CompiledPolicy {
  name: string;
  hasInput: boolean;
  /** An input step asks a model (`judge`): only then does the request get a model caller. */
  judgesInput: boolean;
  /** An input step masks: the request gets a mask session and its answer is restored. */
  masksInput: boolean;
  hasOutput: boolean;
  hasAction: boolean;
  /** Output steps run on every streamed chunk (with the overlap window). */
  chunkSteps: SyncStep[];
  /** Output steps that need the whole answer (JSON validity, leakage share): run when a stream ends. */
  finalSteps: SyncStep[];
  /** Action steps, for tool calls collected from a stream. */
  actionSteps: SyncStep[];
}

export interface GuardState {
  section: GuardSection;
  config: GuardConfig;
  guard: Guard;
  /**
   * The same policies with injection and judge steps at the input checkpoint downgraded to `flag`, for the
   * quarantine endpoint's own model call: reading untrusted text is its whole purpose. `json-schema`
   * output steps are left out (the endpoint validates and retries itself). Everything else
   * (secrets, PII masking, other output checks) applies unchanged.
   */
  quarantineGuard: Guard;
  policies: ReadonlyMap<string, CompiledPolicy>;
  select(selector: PolicySelector): string | undefined;
}

// A partial answer is never valid JSON, and a leakage share needs the whole answer.
const FINAL_ONLY = new Set(['json-schema']);
const FINAL_TOO = new Set(['prompt-leakage']);

function syncSteps(
  policy: PolicyConfig,
  steps: readonly StepConfig[],
  factories: Record<string, ScannerFactory>,
): SyncStep[] {
  return steps.map((step) => {
    const id = step.id ?? step.scanner;
    // createGuard validated the same config already, so the factory exists and accepts the options.
    const factory = factories[step.scanner] as ScannerFactory;
    return {
      id,
      type: step.scanner,
      scanner: factory.create(step.options, id),
      action: step.action,
      threshold: step.threshold,
      ...stepFallbacks(policy, step),
    };
  });
}

function compilePolicy(
  name: string,
  policy: PolicyConfig,
  factories: Record<string, ScannerFactory>,
): CompiledPolicy {
  const output = syncSteps(policy, policy.output, factories);
  return {
    name,
    hasInput: policy.input.length > 0,
    judgesInput: policy.input.some((s) => s.scanner === 'judge'),
    masksInput: policy.input.some((s) => s.action === 'mask'),
    hasOutput: policy.output.length > 0,
    hasAction: policy.action.length > 0,
    chunkSteps: output.filter((s) => !FINAL_ONLY.has(s.type)),
    finalSteps: output.filter((s) => FINAL_ONLY.has(s.type) || FINAL_TOO.has(s.type)),
    actionSteps: syncSteps(policy, policy.action, factories),
  };
}

function quarantineVariant(config: GuardConfig): GuardConfig {
  const policies: GuardConfig['policies'] = {};
  for (const [name, policy] of Object.entries(config.policies)) {
    // Judge steps too: they read the same untrusted text (by default for injection).
    const input = policy.input.map((s) =>
      (s.scanner === 'injection' || s.scanner === 'judge') && s.action !== 'flag'
        ? { ...s, action: 'flag' as const }
        : s,
    );
    // The endpoint validates the answer against its schema itself (one retry, then 422
    // output_invalid); a json-schema step would turn the first bad answer into a block instead.
    const output = policy.output.filter((s) => s.scanner !== 'json-schema');
    policies[name] = { ...policy, input, output };
  }
  return { ...config, policies };
}

/**
 * Compiles the `guard:` section: the policy runner (which validates every scanner and its
 * options, throwing `config_invalid` with the path), plus per-policy synchronous step lists for
 * streams. Returns null when there are no policies: the module then does nothing at all.
 */
export function compileGuardState(
  section: GuardSection,
  extraFactories: Record<string, ScannerFactory> = {},
): GuardState | null {
  if (Object.keys(section.policies).length === 0) return null;
  const config = policyConfigOf(section);
  const factories = { ...builtinScannerFactories(), ...extraFactories };
  const guard = createGuard(config, { factories: extraFactories });
  const variant = quarantineVariant(config);
  const quarantineGuard =
    JSON.stringify(variant) === JSON.stringify(config)
      ? guard
      : createGuard(variant, { factories: extraFactories });
  const policies = new Map<string, CompiledPolicy>();
  for (const [name, policy] of Object.entries(guard.config.policies)) {
    policies.set(name, compilePolicy(name, policy, factories));
  }
  return {
    section,
    config: guard.config,
    guard,
    quarantineGuard,
    policies,
    select: (selector) => selectPolicy(guard.config, selector),
  };
}
