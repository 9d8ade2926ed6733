import type { Actor, AuditEvent, AuditSink } from '../access/types.ts';
import type { Logger } from '../log/index.ts';
import type { ChangeNotifier, SqlExecutor } from '../spec/index.ts';
import type { PromptsConfig } from './config.ts';
import type { EvalResultSource, PromotionGate } from './gate.ts';
import type { PromptIndex } from './prompt-index.ts';

/** What the service needs; everything but `sql`, `index` and `config` is optional. */
export interface PromptServiceDeps {
  sql: SqlExecutor;
  index: PromptIndex;
  config: () => PromptsConfig;
  /** Change notices to other replicas (`prompt:NAME`); the CLI may have none (replicas then re-check on their timer). */
  notifier?: ChangeNotifier;
  audit?: AuditSink;
  /** Overrides the threshold gate built from `evalResults` and `prompts.gate`. */
  gate?: PromotionGate;
  /** Overrides the store-backed results (the evals module can plug in here). */
  evalResults?: EvalResultSource;
  logger?: Logger;
  now?: () => number;
}

export const actorName = (actor: Actor): string => `${actor.kind}:${actor.id}`;

/** Audit sinks never throw by contract; a broken one must still not fail a write that happened. */
export async function audit(deps: PromptServiceDeps, event: AuditEvent): Promise<void> {
  if (!deps.audit) return;
  try {
    await deps.audit.record(event);
  } catch (error) {
    deps.logger?.warn({ err: String(error), action: event.action }, 'audit sink failed');
  }
}

/** After every write: this process sees it at once, other replicas on the notice. */
export async function announce(deps: PromptServiceDeps, name: string): Promise<void> {
  await deps.index.reload(name);
  await deps.notifier?.publish(`prompt:${name}`);
}
