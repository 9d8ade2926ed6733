import type { Actor } from '../access/types.ts';
import { KeelError } from '../errors/index.ts';
import { assertWritableContent, contentHash, normalizeContent } from './content.ts';
import { type EvalResult, StoreEvalResultSource } from './gate.ts';
import { assertIncludeGraph } from './include-check.ts';
import { assertName, LATEST, PRODUCTION } from './names.ts';
import { deleteLabel, type MoveLabelInput, type MoveLabelResult, moveLabel } from './service-labels.ts';
import { actorName, announce, audit, type PromptServiceDeps } from './service-support.ts';
import { deleteHistory, labelHistory } from './store/history-repo.ts';
import {
  deletePromptRows,
  getVersion,
  insertPrompt,
  insertVersion,
  maxVersion,
  touchPrompt,
} from './store/prompt-repo.ts';
import { compileVersion } from './template/compile.ts';
import type { LabelHistoryEntry, PromptVersion, VersionContent } from './types.ts';

export interface CreateVersionInput {
  /** Validated here (see versionContentSchema). */
  content: unknown;
  commitMessage?: string;
  /** Labels to point at the new version afterwards (gated like any move). */
  labels?: string[];
  /** Imports (`keel prompts push`) keep a version's original author, time and number. */
  author?: string;
  createdAt?: number;
  expectedNumber?: number;
}

export interface CreatePromptInput extends CreateVersionInput {
  name: string;
  description?: string;
  tags?: string[];
}

const MAX_TEXT = 2000;

function checkMeta(meta: {
  description?: string | undefined;
  tags?: string[] | undefined;
  commitMessage?: string | undefined;
}): void {
  if ((meta.description?.length ?? 0) > MAX_TEXT)
    throw new KeelError('invalid_request', `description is longer than ${MAX_TEXT} characters`, {
      param: 'description',
    });
  if ((meta.commitMessage?.length ?? 0) > MAX_TEXT)
    throw new KeelError('invalid_request', `commitMessage is longer than ${MAX_TEXT} characters`, {
      param: 'commitMessage',
    });
  const tags = meta.tags ?? [];
  if (
    tags.length > 50 ||
    tags.some((tag) => typeof tag !== 'string' || tag.length === 0 || tag.length > 64)
  ) {
    throw new KeelError('invalid_request', 'tags: at most 50 strings of 1-64 characters', { param: 'tags' });
  }
}

/**
 * The one write path of the prompt registry: the HTTP API, the CLI and imports all come here.
 * Every write runs in a store transaction, bumps the prompt's revision, reloads this process's
 * index, publishes `prompt:NAME` to the other replicas, and is audited.
 */
export class PromptService {
  readonly deps: PromptServiceDeps;

  constructor(deps: PromptServiceDeps) {
    this.deps = deps;
  }

  get index() {
    return this.deps.index;
  }

  #now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  #prepare(
    name: string,
    input: CreateVersionInput,
    number: number,
  ): { content: VersionContent; version: PromptVersion } {
    const content = normalizeContent(input.content);
    assertWritableContent(content, this.deps.config());
    const version: PromptVersion = {
      prompt: name,
      version: number,
      content,
      contentHash: contentHash(content),
      commitMessage: input.commitMessage ?? '',
      author: input.author ?? '',
      createdAt: input.createdAt ?? this.#now(),
    };
    const compiled = compileVersion(version);
    assertIncludeGraph(this.deps.index, {
      starts: [compiled],
      override: { prompt: name, compiled, labels: { [LATEST]: number } },
      maxDepth: this.deps.config().maxIncludeDepth,
    });
    return { content, version };
  }

  async createPrompt(input: CreatePromptInput, actor: Actor): Promise<PromptVersion> {
    assertName(input.name);
    checkMeta(input);
    if (input.expectedNumber !== undefined && input.expectedNumber !== 1) {
      throw new KeelError('invalid_request', `A new prompt starts at version 1, not ${input.expectedNumber}`);
    }
    const { version } = this.#prepare(input.name, { ...input, author: input.author ?? actorName(actor) }, 1);
    const now = this.#now();
    const meta = {
      name: input.name,
      description: input.description ?? '',
      tags: input.tags ?? [],
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.sql.transaction(async (tx) => {
        await insertPrompt(tx, meta);
        await insertVersion(tx, version);
      });
    } catch (error) {
      if (error instanceof KeelError && error.code === 'conflict')
        throw new KeelError('conflict', `Prompt '${input.name}' already exists`);
      throw error;
    }
    await announce(this.deps, input.name);
    await audit(this.deps, {
      actor,
      action: 'prompt.create',
      target: `prompt:${input.name}`,
      after: { version: 1, contentHash: version.contentHash },
    });
    await this.#applyLabels(input.name, 1, input.labels ?? [], actor);
    return version;
  }

  async createVersion(name: string, input: CreateVersionInput, actor: Actor): Promise<PromptVersion> {
    checkMeta(input);
    const next = (this.deps.index.get(name)?.latest ?? 0) + 1;
    const prepared = this.#prepare(
      name,
      { ...input, author: input.author ?? actorName(actor) },
      input.expectedNumber ?? next,
    );
    let version = prepared.version;
    for (let attempt = 1; ; attempt++) {
      try {
        version = await this.deps.sql.transaction(async (tx) => {
          if (!(await touchPrompt(tx, name, { now: this.#now() })))
            throw new KeelError('not_found', `Prompt '${name}' not found`);
          const number = (await maxVersion(tx, name)) + 1;
          if (input.expectedNumber !== undefined && number !== input.expectedNumber) {
            throw new KeelError(
              'conflict',
              `Prompt '${name}' would get version ${number}, not ${input.expectedNumber}`,
            );
          }
          const row = { ...version, version: number };
          await insertVersion(tx, row);
          return row;
        });
        break;
      } catch (error) {
        // Two writers picked the same number: the primary key refused one; take the next number.
        const race =
          error instanceof KeelError &&
          error.code === 'conflict' &&
          input.expectedNumber === undefined &&
          attempt < 5;
        if (!race) throw error;
      }
    }
    await announce(this.deps, name);
    await audit(this.deps, {
      actor,
      action: 'prompt.version.create',
      target: `prompt:${name}`,
      after: { version: version.version, contentHash: version.contentHash },
    });
    await this.#applyLabels(name, version.version, input.labels ?? [], actor);
    return version;
  }

  async #applyLabels(name: string, version: number, labels: string[], actor: Actor): Promise<void> {
    for (const label of labels) await moveLabel(this.deps, { name, label, target: { version }, actor });
  }

  async updatePrompt(
    name: string,
    change: { description?: string; tags?: string[] },
    actor: Actor,
  ): Promise<void> {
    checkMeta(change);
    const updated = await this.deps.sql.transaction((tx) =>
      touchPrompt(tx, name, { now: this.#now(), ...change }),
    );
    if (!updated) throw new KeelError('not_found', `Prompt '${name}' not found`);
    await announce(this.deps, name);
    await audit(this.deps, { actor, action: 'prompt.update', target: `prompt:${name}`, after: change });
  }

  async deletePrompt(name: string, actor: Actor): Promise<void> {
    const deleted = await this.deps.sql.transaction(async (tx) => {
      await deleteHistory(tx, name);
      return deletePromptRows(tx, name);
    });
    if (!deleted) throw new KeelError('not_found', `Prompt '${name}' not found`);
    await announce(this.deps, name);
    await audit(this.deps, { actor, action: 'prompt.delete', target: `prompt:${name}` });
  }

  moveLabel(input: MoveLabelInput): Promise<MoveLabelResult> {
    return moveLabel(this.deps, input);
  }

  deleteLabel(input: {
    name: string;
    label: string;
    expectedVersion?: number;
    actor: Actor;
    reason?: string;
  }): Promise<void> {
    return deleteLabel(this.deps, input);
  }

  /** Moves the label back to where it pointed before its last move (a second rollback undoes the first). */
  async rollback(input: {
    name: string;
    label?: string;
    actor: Actor;
    reason?: string;
  }): Promise<MoveLabelResult> {
    const label = input.label ?? PRODUCTION;
    const [last] = await labelHistory(this.deps.sql, { prompt: input.name, label, limit: 1 });
    if (!last)
      throw new KeelError(
        'not_found',
        `Label '${label}' of '${input.name}' has never moved; nothing to roll back`,
      );
    if (last.from === null)
      throw new KeelError(
        'conflict',
        `Label '${label}' of '${input.name}' did not exist before its last move; nothing to roll back to`,
      );
    return moveLabel(this.deps, {
      name: input.name,
      label,
      target: last.from.split === null ? { version: last.from.version } : { split: last.from.split },
      expectedVersion: last.to?.version ?? null,
      reason: input.reason ? `rollback: ${input.reason}` : 'rollback',
      actor: input.actor,
      bypassGate: true,
      action: 'prompt.label.rollback',
    });
  }

  history(name: string, options: { label?: string; limit?: number } = {}): Promise<LabelHistoryEntry[]> {
    return labelHistory(this.deps.sql, {
      prompt: name,
      limit: options.limit ?? 50,
      ...(options.label ? { label: options.label } : {}),
    });
  }

  /** Stores an evaluation result for a version (what the promotion gate reads). */
  async recordEvalResult(
    name: string,
    version: number,
    result: EvalResult,
    actor: Actor,
  ): Promise<{ id: string }> {
    if (!(await getVersion(this.deps.sql, name, version)))
      throw new KeelError('not_found', `Prompt '${name}' has no version ${version}`);
    const stored = await new StoreEvalResultSource(this.deps.sql).record({
      prompt: name,
      version,
      ...result,
    });
    await audit(this.deps, {
      actor,
      action: 'prompt.eval_result.create',
      target: `prompt:${name}@v${version}`,
      after: result,
    });
    return stored;
  }
}
