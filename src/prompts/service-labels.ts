import type { Actor } from '../access/types.ts';
import { KeelError } from '../errors/index.ts';
import { primaryVersion } from './canary.ts';
import { createPromotionGate, StoreEvalResultSource } from './gate.ts';
import { assertIncludeGraph } from './include-check.ts';
import { assertSettableLabel } from './names.ts';
import { actorName, announce, audit, type PromptServiceDeps } from './service-support.ts';
import { insertHistory } from './store/history-repo.ts';
import {
  deleteLabelRow,
  getLabel,
  getVersion,
  insertLabel,
  touchPrompt,
  updateLabel,
} from './store/prompt-repo.ts';
import type { CompiledVersion } from './template/compile.ts';
import type { LabelState, LabelTarget, SplitEntry } from './types.ts';

export interface MoveLabelInput {
  name: string;
  label: string;
  /** One version, or a weighted split between 2-10 versions. */
  target: { version: number } | { split: SplitEntry[] };
  /** The version the caller believes the label serves now (null: the label must not exist); 409 when wrong. */
  expectedVersion?: number | null;
  reason?: string;
  actor: Actor;
  /** Rollbacks return to a target that already served: the gate does not apply. */
  bypassGate?: boolean;
  /** Audit action (a rollback records itself as such). */
  action?: string;
}

export interface MoveLabelResult {
  label: string;
  from: LabelTarget | null;
  to: LabelTarget;
  changed: boolean;
}

export function normalizeTarget(target: MoveLabelInput['target']): LabelTarget {
  if ('version' in target) return { version: target.version, split: null };
  const seen = new Set<number>();
  for (const entry of target.split) {
    if (seen.has(entry.version))
      throw new KeelError('invalid_request', `Split lists version ${entry.version} twice`, {
        param: 'split',
      });
    seen.add(entry.version);
  }
  const split = target.split.filter((entry) => entry.weight > 0);
  if (split.length === 0)
    throw new KeelError('invalid_request', 'A split needs at least one version with weight > 0', {
      param: 'split',
    });
  if (split.length === 1) return { version: (split[0] as SplitEntry).version, split: null };
  return {
    version: primaryVersion(split),
    split: split.map((e) => ({ version: e.version, weight: e.weight })),
  };
}

const versionsOf = (target: LabelTarget): number[] =>
  target.split === null ? [target.version] : target.split.map((e) => e.version);
const sameTarget = (a: LabelTarget | null, b: LabelTarget): boolean =>
  a !== null && JSON.stringify({ v: a.version, s: a.split }) === JSON.stringify({ v: b.version, s: b.split });
const describe = (t: LabelTarget | null): string =>
  t === null
    ? 'nothing'
    : t.split === null
      ? `v${t.version}`
      : t.split.map((e) => `v${e.version}:${e.weight}`).join('/');

function conflict(message: string, details: Record<string, unknown> = {}): KeelError {
  return new KeelError('conflict', message, { details });
}

async function assertVersionsExist(
  deps: PromptServiceDeps,
  name: string,
  versions: number[],
): Promise<CompiledVersion[]> {
  const compiled: CompiledVersion[] = [];
  for (const version of versions) {
    const row = await getVersion(deps.sql, name, version);
    if (!row)
      throw new KeelError('not_found', `Prompt '${name}' has no version ${version}`, { param: 'version' });
    const loaded = deps.index.get(name)?.versions.get(version);
    if (loaded) compiled.push(loaded);
  }
  return compiled;
}

async function runGate(
  deps: PromptServiceDeps,
  input: MoveLabelInput,
  current: LabelState | null,
  to: LabelTarget,
): Promise<void> {
  const config = deps.config().gate;
  if (input.bypassGate || !config.required || !config.labels.includes(input.label)) return;
  const gate =
    deps.gate ??
    createPromotionGate({
      source: deps.evalResults ?? new StoreEvalResultSource(deps.sql),
      config: () => deps.config().gate,
    });
  const already = new Set(current === null ? [] : versionsOf(current));
  for (const candidate of versionsOf(to)) {
    if (already.has(candidate)) continue;
    const decision = await gate.check({
      prompt: input.name,
      candidateVersion: candidate,
      currentVersion: current?.version ?? null,
    });
    if (!decision.ok) {
      throw new KeelError(
        'forbidden',
        `Promotion gate blocked moving '${input.label}' to v${candidate}: ${decision.reason}`,
        {
          details: { gate: decision },
        },
      );
    }
  }
}

/** One attempt: checks outside the transaction (gate reads may be slow), then a revision-checked write. */
async function attemptMove(
  deps: PromptServiceDeps,
  input: MoveLabelInput,
  to: LabelTarget,
): Promise<MoveLabelResult> {
  const current = await getLabel(deps.sql, input.name, input.label);
  if (input.expectedVersion !== undefined && (current?.version ?? null) !== input.expectedVersion) {
    throw conflict(
      `Label '${input.label}' of '${input.name}' serves ${describe(current)}, not the expected ${input.expectedVersion === null ? 'nothing' : `v${input.expectedVersion}`}`,
      {
        current: current === null ? null : { version: current.version, split: current.split },
      },
    );
  }
  if (sameTarget(current, to)) return { label: input.label, from: current, to, changed: false };
  const compiled = await assertVersionsExist(deps, input.name, versionsOf(to));
  assertIncludeGraph(deps.index, {
    starts: compiled,
    override: { prompt: input.name, labels: { [input.label]: to.version } },
    maxDepth: deps.config().maxIncludeDepth,
  });
  await runGate(deps, input, current, to);
  const now = deps.now?.() ?? Date.now();
  const actor = actorName(input.actor);
  const from = current === null ? null : { version: current.version, split: current.split };
  await deps.sql.transaction(async (tx) => {
    if (current === null)
      await insertLabel(tx, { prompt: input.name, label: input.label, target: to, now, actor });
    else if (
      !(await updateLabel(tx, {
        prompt: input.name,
        label: input.label,
        target: to,
        revision: current.revision,
        now,
        actor,
      }))
    ) {
      throw conflict(`Label '${input.label}' of '${input.name}' was moved concurrently; re-read and retry`);
    }
    await insertHistory(tx, {
      prompt: input.name,
      label: input.label,
      from,
      to,
      actor,
      reason: input.reason ?? '',
      at: now,
    });
    if (!(await touchPrompt(tx, input.name, { now })))
      throw new KeelError('not_found', `Prompt '${input.name}' not found`);
  });
  return { label: input.label, from, to, changed: true };
}

/**
 * Moves a label. Without `expectedVersion` a lost race is retried (the move still applies on top
 * of the winner, and history stays a chain); with it, a lost race is the caller's 409.
 */
export async function moveLabel(deps: PromptServiceDeps, input: MoveLabelInput): Promise<MoveLabelResult> {
  assertSettableLabel(input.label);
  const to = normalizeTarget(input.target);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await attemptMove(deps, input, to);
      if (result.changed) {
        await announce(deps, input.name);
        await audit(deps, {
          actor: input.actor,
          action: input.action ?? 'prompt.label.move',
          target: `prompt:${input.name}@${input.label}`,
          before: result.from,
          after: result.to,
          meta: input.reason ? { reason: input.reason } : {},
        });
      }
      return result;
    } catch (error) {
      const retry =
        error instanceof KeelError &&
        error.code === 'conflict' &&
        input.expectedVersion === undefined &&
        attempt < 5;
      if (!retry) throw error;
    }
  }
}

/** Removes a label (not `latest`); audited like a move. */
export async function deleteLabel(
  deps: PromptServiceDeps,
  input: { name: string; label: string; expectedVersion?: number; actor: Actor; reason?: string },
): Promise<void> {
  assertSettableLabel(input.label);
  const current = await getLabel(deps.sql, input.name, input.label);
  if (!current) throw new KeelError('not_found', `Prompt '${input.name}' has no label '${input.label}'`);
  if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
    throw conflict(
      `Label '${input.label}' serves ${describe(current)}, not the expected v${input.expectedVersion}`,
    );
  }
  const now = deps.now?.() ?? Date.now();
  const from = { version: current.version, split: current.split };
  await deps.sql.transaction(async (tx) => {
    if (!(await deleteLabelRow(tx, { prompt: input.name, label: input.label, revision: current.revision }))) {
      throw conflict(`Label '${input.label}' of '${input.name}' was moved concurrently; re-read and retry`);
    }
    await insertHistory(tx, {
      prompt: input.name,
      label: input.label,
      from,
      to: null,
      actor: actorName(input.actor),
      reason: input.reason ?? '',
      at: now,
    });
    await touchPrompt(tx, input.name, { now });
  });
  await announce(deps, input.name);
  await audit(deps, {
    actor: input.actor,
    action: 'prompt.label.delete',
    target: `prompt:${input.name}@${input.label}`,
    before: from,
  });
}
