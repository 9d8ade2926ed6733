import { KeelError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { SqlExecutor } from '../spec/index.ts';
import { pickSplit } from './canary.ts';
import { contentHash } from './content.ts';
import { LATEST } from './names.ts';
import { loadPrompt, loadPrompts, promptRevisions } from './store/prompt-repo.ts';
import { type CompiledVersion, compileVersion } from './template/compile.ts';
import type { LabelState, LabelTarget, PromptMeta, PromptRecord, PromptRef } from './types.ts';

/** A prompt as served from memory: versions compiled once, labels as plain lookups. */
export interface LoadedPrompt {
  meta: PromptMeta;
  versions: Map<number, CompiledVersion>;
  labels: Map<string, LabelState>;
  /** Newest version number (0 when none loaded). */
  latest: number;
}

export interface Resolution {
  prompt: LoadedPrompt;
  compiled: CompiledVersion;
  /** The label used, or null when the caller named a version. */
  label: string | null;
}

/**
 * The registry in memory: name → label → version, and versions by number. Loaded at start, then
 * kept current by `reload(name)` on change notices and `refreshChanged()` on a short timer (the
 * safety net for a notice lost while Redis was away). Lookups are synchronous map reads.
 */
export class PromptIndex {
  readonly #sql: SqlExecutor;
  readonly #logger: Logger | undefined;
  #prompts = new Map<string, LoadedPrompt>();
  // Per-name ticket of the newest reload started: an older reload finishing later is discarded.
  readonly #tickets = new Map<string, number>();
  #ticket = 0;

  constructor(options: { sql: SqlExecutor; logger?: Logger }) {
    this.#sql = options.sql;
    this.#logger = options.logger;
  }

  async loadAll(): Promise<void> {
    const records = await loadPrompts(this.#sql);
    const next = new Map<string, LoadedPrompt>();
    for (const record of records) next.set(record.meta.name, this.#build(record));
    this.#prompts = next;
  }

  /** Re-reads one prompt from the store (a change notice arrived, or this process just wrote it). */
  async reload(name: string): Promise<void> {
    const ticket = ++this.#ticket;
    this.#tickets.set(name, ticket);
    const record = await loadPrompt(this.#sql, name);
    if (this.#tickets.get(name) !== ticket) return;
    this.#tickets.delete(name);
    if (record === null) this.#prompts.delete(name);
    else this.#prompts.set(name, this.#build(record));
  }

  /** Reloads every prompt whose revision differs from memory; returns their names. */
  async refreshChanged(): Promise<string[]> {
    const revisions = await promptRevisions(this.#sql);
    const changed: string[] = [];
    for (const [name, revision] of revisions) {
      if (this.#prompts.get(name)?.meta.revision !== revision) changed.push(name);
    }
    for (const name of this.#prompts.keys()) if (!revisions.has(name)) changed.push(name);
    await Promise.all(changed.map((name) => this.reload(name)));
    return changed;
  }

  get(name: string): LoadedPrompt | undefined {
    return this.#prompts.get(name);
  }

  list(): LoadedPrompt[] {
    return [...this.#prompts.values()].sort((a, b) => (a.meta.name < b.meta.name ? -1 : 1));
  }

  /** Where a label points as served (`latest` is virtual). */
  labelTarget(prompt: LoadedPrompt, label: string): LabelTarget | undefined {
    if (label === LATEST) return prompt.latest > 0 ? { version: prompt.latest, split: null } : undefined;
    return prompt.labels.get(label);
  }

  /** Every label that serves `version` (primary or in a split), `latest` included. */
  labelsOf(prompt: LoadedPrompt, version: number): string[] {
    const labels: string[] = [];
    for (const state of prompt.labels.values()) {
      if (state.version === version || state.split?.some((entry) => entry.version === version))
        labels.push(state.label);
    }
    if (prompt.latest === version) labels.push(LATEST);
    return labels.sort();
  }

  /** The version a reference serves; `key` (user/session) makes canary splits sticky. */
  resolve(ref: PromptRef, key: string | null): Resolution {
    const prompt = this.#prompts.get(ref.name);
    if (!prompt) throw new KeelError('not_found', `Prompt '${ref.name}' not found`, { param: 'prompt' });
    if ('version' in ref.selector) {
      return { prompt, compiled: this.#version(prompt, ref.selector.version), label: null };
    }
    const { label } = ref.selector;
    const target = this.labelTarget(prompt, label);
    if (!target) {
      const known =
        [...prompt.labels.keys(), ...(prompt.latest > 0 ? [LATEST] : [])].sort().join(', ') || 'none';
      throw new KeelError('not_found', `Prompt '${ref.name}' has no label '${label}' (labels: ${known})`, {
        param: 'prompt',
      });
    }
    const version =
      target.split === null ? target.version : pickSplit(target.split, { key, salt: `${ref.name}@${label}` });
    return { prompt, compiled: this.#version(prompt, version), label };
  }

  /** Included prompts resolve to the label's primary version: splits apply to the top-level prompt only. */
  resolveInclude(ref: PromptRef): CompiledVersion {
    try {
      const prompt = this.#prompts.get(ref.name);
      if (prompt && 'label' in ref.selector) {
        const target = this.labelTarget(prompt, ref.selector.label);
        if (target) return this.#version(prompt, target.version);
      }
      return this.resolve(ref, null).compiled;
    } catch (error) {
      if (error instanceof KeelError && error.code === 'not_found') {
        throw new KeelError('not_found', `Included prompt not found: ${error.message}`);
      }
      throw error;
    }
  }

  #version(prompt: LoadedPrompt, version: number): CompiledVersion {
    const compiled = prompt.versions.get(version);
    if (!compiled) {
      throw new KeelError(
        'not_found',
        `Prompt '${prompt.meta.name}' has no version ${version} (latest is ${prompt.latest})`,
        {
          param: 'prompt',
        },
      );
    }
    return compiled;
  }

  #build(record: PromptRecord): LoadedPrompt {
    const versions = new Map<number, CompiledVersion>();
    let latest = 0;
    for (const version of record.versions) {
      latest = Math.max(latest, version.version);
      // A row edited behind Keel's back is not served: versions are immutable by contract.
      if (contentHash(version.content) !== version.contentHash) {
        this.#logger?.error(
          { prompt: version.prompt, version: version.version },
          'prompt version content does not match its hash; not served',
        );
        continue;
      }
      try {
        versions.set(version.version, compileVersion(version));
      } catch (error) {
        this.#logger?.error(
          { prompt: version.prompt, version: version.version, err: String(error) },
          'prompt version does not compile',
        );
      }
    }
    return { meta: record.meta, versions, labels: new Map(record.labels.map((l) => [l.label, l])), latest };
  }
}
