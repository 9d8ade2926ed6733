import type { Actor } from '../../access/types.ts';
import { KeelError } from '../../errors/index.ts';
import { contentHash } from '../content.ts';
import { assertSettableLabel } from '../names.ts';
import type { PromptService } from '../service.ts';
import { normalizeTarget } from '../service-labels.ts';
import { parseTemplate, templateUses } from '../template/parse.ts';
import type { LabelTarget, PromptRecord } from '../types.ts';
import type { FileVersion, PromptFile } from './prompt-file.ts';

export type PushAction =
  | { kind: 'create-version'; number: number; entry: FileVersion; newPrompt: boolean }
  | { kind: 'update-meta'; description: string; tags: string[] }
  | { kind: 'move-label'; label: string; target: LabelTarget; from: LabelTarget | null }
  | { kind: 'note'; message: string };

const same = (a: LabelTarget | null, b: LabelTarget): boolean =>
  a !== null && a.version === b.version && JSON.stringify(a.split) === JSON.stringify(b.split);

function planVersions(file: PromptFile, existing: PromptRecord | null, actions: PushAction[]): number {
  const stored = new Map((existing?.versions ?? []).map((v) => [v.version, v]));
  let next = Math.max(0, ...stored.keys()) + 1;
  let sawNew = false;
  for (const entry of file.versions) {
    if (entry.version === undefined) {
      sawNew = true;
      actions.push({
        kind: 'create-version',
        number: next,
        entry,
        newPrompt: existing === null && next === 1,
      });
      next++;
      continue;
    }
    if (sawNew)
      throw new KeelError(
        'invalid_request',
        `${file.name}: numbered versions must come before new (unnumbered) ones`,
      );
    const current = stored.get(entry.version);
    if (current) {
      if (current.contentHash !== contentHash(entry.content)) {
        throw new KeelError(
          'conflict',
          `${file.name}: version ${entry.version} differs from the registry; versions are immutable, append a new version instead`,
        );
      }
      continue;
    }
    if (entry.version !== next) {
      throw new KeelError(
        'invalid_request',
        `${file.name}: version ${entry.version} is out of sequence (the next version is ${next})`,
      );
    }
    actions.push({ kind: 'create-version', number: next, entry, newPrompt: existing === null && next === 1 });
    next++;
  }
  for (const number of stored.keys()) {
    if (!file.versions.some((v) => v.version === number))
      actions.push({
        kind: 'note',
        message: `${file.name}: version ${number} is in the registry but not in the file (kept)`,
      });
  }
  return next - 1;
}

/** What `push` would do for one file: create versions in order, update metadata, move labels. */
export function planPush(file: PromptFile, existing: PromptRecord | null): PushAction[] {
  const actions: PushAction[] = [];
  const last = planVersions(file, existing, actions);
  if (
    existing &&
    (existing.meta.description !== file.description ||
      JSON.stringify(existing.meta.tags) !== JSON.stringify(file.tags))
  ) {
    actions.push({ kind: 'update-meta', description: file.description, tags: file.tags });
  }
  const labels = new Map((existing?.labels ?? []).map((l) => [l.label, l]));
  for (const [label, raw] of Object.entries(file.labels)) {
    assertSettableLabel(label);
    const target = normalizeTarget(raw.split === null ? { version: raw.version } : { split: raw.split });
    for (const v of target.split?.map((e) => e.version) ?? [target.version]) {
      if (v > last)
        throw new KeelError(
          'invalid_request',
          `${file.name}: label '${label}' points at version ${v}, which does not exist`,
        );
    }
    const current = labels.get(label) ?? null;
    if (!same(current, target)) actions.push({ kind: 'move-label', label, target, from: current });
  }
  for (const label of labels.keys()) {
    if (!(label in file.labels))
      actions.push({
        kind: 'note',
        message: `${file.name}: label '${label}' is in the registry but not in the file (kept)`,
      });
  }
  return actions;
}

/** Applies a plan through the service (so every write is validated, gated, audited and announced). */
export async function applyPush(
  service: PromptService,
  file: PromptFile,
  actions: readonly PushAction[],
  actor: Actor,
): Promise<void> {
  for (const action of actions) {
    if (action.kind === 'create-version') {
      const { entry } = action;
      const input = {
        content: entry.content,
        commitMessage: entry.commitMessage,
        expectedNumber: action.number,
        ...(entry.author === undefined ? {} : { author: entry.author }),
        ...(entry.createdAt === undefined ? {} : { createdAt: entry.createdAt }),
      };
      if (action.newPrompt)
        await service.createPrompt(
          { ...input, name: file.name, description: file.description, tags: file.tags },
          actor,
        );
      else await service.createVersion(file.name, input, actor);
    } else if (action.kind === 'update-meta') {
      await service.updatePrompt(file.name, { description: action.description, tags: action.tags }, actor);
    } else if (action.kind === 'move-label') {
      const target =
        action.target.split === null ? { version: action.target.version } : { split: action.target.split };
      await service.moveLabel({
        name: file.name,
        label: action.label,
        target,
        expectedVersion: action.from?.version ?? null,
        reason: 'keel prompts push',
        actor,
      });
    }
  }
}

/** Files in an order where every prompt comes after the prompts it includes (name order otherwise). */
export function pushOrder(files: readonly PromptFile[]): PromptFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const deps = new Map<string, Set<string>>();
  for (const file of files) {
    const names = new Set<string>();
    for (const v of file.versions) {
      const templates =
        v.content.text !== undefined ? [v.content.text] : (v.content.messages ?? []).map((m) => m.content);
      for (const template of templates) {
        for (const ref of templateUses(parseTemplate(template, file.name)).includes)
          if (ref.name !== file.name) names.add(ref.name);
      }
    }
    deps.set(file.name, names);
  }
  const ordered: PromptFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.has(name) || !byName.has(name)) return;
    state.set(name, 'visiting');
    for (const dep of [...(deps.get(name) ?? [])].sort()) visit(dep);
    state.set(name, 'done');
    ordered.push(byName.get(name) as PromptFile);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return ordered;
}
