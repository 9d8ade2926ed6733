import { KeelError } from '../../errors/index.ts';
import type { Checkpoint, ScanContext, ScanInput, Span } from '../../spec/scanner.ts';
import { createMaskSession, type MaskSession } from '../mask/index.ts';
import { builtinScannerFactories, type ScannerFactory } from './registry.ts';
import { type PreparedStep, runStep, type StepOutcome, type StepRecord } from './run-step.ts';
import {
  CHECKPOINTS,
  type GuardConfig,
  type GuardConfigInput,
  guardConfigSchema,
  type PolicySelector,
  selectPolicy,
  stepFallbacks,
} from './schema.ts';

export type CheckpointAction = 'allow' | 'block' | 'redact' | 'flag';

export interface CheckpointResult {
  checkpoint: Checkpoint;
  /** Policy that ran (undefined: no policy applies, so nothing ran). */
  policy?: string;
  action: CheckpointAction;
  /** The text to use instead of the input when action is 'redact' (masked or redacted). */
  text?: string;
  results: StepRecord[];
  blockedBy?: { policy: string; scanner: string };
  /** Set when a mask step fired: restore the answer (or its stream) with it. In memory only. */
  mask?: MaskSession;
  latencyMs: number;
}

export interface GuardRunContext extends Omit<ScanContext, 'checkpoint' | 'signal'> {
  /** Policy name; default: the config's `default`. */
  policy?: string;
  /** The request's mask session, so input and output share one mapping. */
  mask?: MaskSession;
  /**
   * Run only the steps whose action is `mask`: for texts that are not screened as input but must
   * not reach the model with the user's data in them (earlier assistant turns, which carry restored
   * values back).
   */
  only?: 'mask';
}

export interface Guard {
  readonly config: GuardConfig;
  policyFor(selector: PolicySelector): string | undefined;
  runCheckpoint(checkpoint: Checkpoint, input: ScanInput, ctx?: GuardRunContext): Promise<CheckpointResult>;
}

export interface CreateGuardOptions {
  /** Extra or replacement scanner types. */
  factories?: Record<string, ScannerFactory>;
}

type Prepared = Record<string, Record<Checkpoint, PreparedStep[]> & { budgetMs: number }>;

function prepare(cfg: GuardConfig, factories: Record<string, ScannerFactory>): Prepared {
  const out: Prepared = {};
  for (const [name, policy] of Object.entries(cfg.policies)) {
    const steps = {} as Record<Checkpoint, PreparedStep[]>;
    for (const cp of CHECKPOINTS) {
      steps[cp] = policy[cp].map((step, i) => {
        const where = `guard.policies.${name}.${cp}[${i}]`;
        const factory = factories[step.scanner];
        if (!factory) throw new KeelError('config_invalid', `${where}: unknown scanner '${step.scanner}'`);
        const id = step.id ?? step.scanner;
        let scanner: PreparedStep['scanner'];
        try {
          scanner = factory.create(step.options, id);
        } catch (error) {
          throw stepError(where, error);
        }
        // A stream's output and action checks run synchronously per chunk: a scanner that does not
        // serve a checkpoint (a model judge at output) is a config error, not a silent no-op.
        if (!scanner.checkpoints.includes(cp)) {
          throw new KeelError(
            'config_invalid',
            `${where}: scanner '${step.scanner}' does not run at the ${cp} checkpoint (it serves: ${scanner.checkpoints.join(', ')})`,
          );
        }
        return {
          id,
          scanner,
          action: step.action,
          threshold: step.threshold,
          ...stepFallbacks(policy, step),
        };
      });
    }
    out[name] = { ...steps, budgetMs: policy.latencyBudgetMs };
  }
  return out;
}

/** A step's construction error as readable `place: message` lines (one per option issue). */
function stepError(where: string, error: unknown): KeelError {
  if (!(error instanceof KeelError))
    return new KeelError('config_invalid', `${where}.options: ${(error as Error).message}`, { cause: error });
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return new KeelError('config_invalid', `${where}: ${error.message}`);
  const lines = (issues as Array<{ path: string; message: string }>).map(
    (i) => `${where}.${i.path}: ${i.message}`,
  );
  return new KeelError('config_invalid', lines.join('\n'));
}

interface Marked extends Span {
  mode: 'redact' | 'mask';
}

/** Merges the spans of redacting steps and applies them in one pass over the original text. */
function applyRedactions(
  text: string,
  outcomes: StepOutcome[],
  getMask: () => MaskSession,
): string | undefined {
  const spans: Marked[] = [];
  const wholeTexts: string[] = [];
  for (const o of outcomes) {
    const act = o.record.action;
    if ((act !== 'redact' && act !== 'mask') || !o.result) continue;
    if (o.result.spans?.length) for (const s of o.result.spans) spans.push({ ...s, mode: act });
    else if (o.result.redacted !== undefined) wholeTexts.push(o.result.redacted);
  }
  if (spans.length === 0) return wholeTexts.length === 1 ? wholeTexts[0] : undefined;
  if (wholeTexts.length > 0) return undefined; // cannot combine a span-less redaction with others
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Marked[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  // Placeholder-shaped text the input already holds must not be reused (it would be "restored").
  if (merged.some((s) => s.mode === 'mask')) getMask().reserve(text);
  let out = '';
  let cursor = 0;
  for (const s of merged) {
    const piece =
      s.mode === 'mask' ? getMask().placeholderFor(text.slice(s.start, s.end), s.type) : `[${s.type}]`;
    out += text.slice(cursor, s.start) + piece;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

function combine(
  cp: Checkpoint,
  policy: string,
  input: ScanInput,
  outcomes: StepOutcome[],
  ctx: GuardRunContext,
): Omit<CheckpointResult, 'latencyMs'> {
  const results = outcomes.map((o) => o.record);
  const base = { checkpoint: cp, policy, results };
  const blocker = results.find((r) => r.action === 'block');
  if (blocker) return { ...base, action: 'block', blockedBy: { policy, scanner: blocker.scanner } };
  const redacting = results.filter((r) => r.action === 'redact' || r.action === 'mask');
  if (redacting.length > 0) {
    let session = ctx.mask;
    const getMask = () => {
      session ??= createMaskSession();
      return session;
    };
    // Rewriting tool-call JSON could change its meaning, so a redaction there blocks instead.
    const text = input.kind === 'text' ? applyRedactions(input.text, outcomes, getMask) : undefined;
    if (text === undefined) {
      return {
        ...base,
        action: 'block',
        blockedBy: { policy, scanner: (redacting[0] as StepRecord).scanner },
      };
    }
    return { ...base, action: 'redact', text, ...(session ? { mask: session } : {}) };
  }
  return { ...base, action: results.some((r) => r.action === 'flag') ? 'flag' : 'allow' };
}

export function createGuard(config: GuardConfigInput | GuardConfig, options: CreateGuardOptions = {}): Guard {
  const parsed = guardConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeelError(
      'config_invalid',
      `guard.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const cfg = parsed.data;
  const prepared = prepare(cfg, { ...builtinScannerFactories(), ...options.factories });
  return {
    config: cfg,
    policyFor: (selector) => selectPolicy(cfg, selector),
    async runCheckpoint(checkpoint, input, ctx = {}) {
      const t0 = performance.now();
      const name = ctx.policy ?? cfg.default;
      if (name === undefined) return { checkpoint, action: 'allow', results: [], latencyMs: 0 };
      const policy = prepared[name];
      if (!policy) throw new KeelError('config_invalid', `unknown guard policy '${name}'`);
      const { policy: _p, mask: _m, only, ...scanCtx } = ctx;
      const steps =
        only === 'mask' ? policy[checkpoint].filter((s) => s.action === 'mask') : policy[checkpoint];
      const outcomes = await Promise.all(
        steps.map((step) => runStep(step, input, { ctx: scanCtx, checkpoint, budgetMs: policy.budgetMs })),
      );
      const result = combine(checkpoint, name, input, outcomes, ctx);
      return { ...result, latencyMs: Math.round((performance.now() - t0) * 1000) / 1000 };
    },
  };
}

/** The error a caller returns for a blocked checkpoint: names policy and scanner, never the match. */
export function guardrailError(result: CheckpointResult): KeelError {
  const policy = result.blockedBy?.policy ?? result.policy ?? 'default';
  const scanner = result.blockedBy?.scanner ?? 'unknown';
  const what =
    result.checkpoint === 'output' ? 'Response' : result.checkpoint === 'action' ? 'Tool call' : 'Request';
  return new KeelError(
    'guardrail_blocked',
    `${what} blocked by guardrail policy '${policy}' (scanner '${scanner}')`,
    {
      details: { policy, scanner, checkpoint: result.checkpoint },
    },
  );
}

/** Throws guardrailError when the checkpoint blocked; returns the result otherwise. */
export function assertNotBlocked(result: CheckpointResult): CheckpointResult {
  if (result.action === 'block') throw guardrailError(result);
  return result;
}
