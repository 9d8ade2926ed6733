import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../../access/types.ts';
import { KeelError } from '../../errors/index.ts';
import type { PromptService } from '../service.ts';
import { loadPrompt, loadPrompts } from '../store/prompt-repo.ts';
import { parsePromptFile, stringifyPromptFile } from './prompt-file.ts';
import { applyPush, type PushAction, planPush, pushOrder } from './sync.ts';

/** Writes `DIR/NAME.yaml` for every prompt (or the named ones); returns the file names written. */
export async function pullFolder(
  service: PromptService,
  dir: string,
  names?: readonly string[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const records = (await loadPrompts(service.deps.sql)).filter((r) => !names || names.includes(r.meta.name));
  if (names)
    for (const name of names)
      if (!records.some((r) => r.meta.name === name))
        throw new KeelError('not_found', `Prompt '${name}' not found`);
  const written: string[] = [];
  for (const record of records.sort((a, b) => (a.meta.name < b.meta.name ? -1 : 1))) {
    const file = `${record.meta.name}.yaml`;
    await writeFile(join(dir, file), stringifyPromptFile(record), 'utf8');
    written.push(file);
  }
  return written;
}

export interface PushReport {
  prompt: string;
  actions: PushAction[];
}

function describe(action: PushAction): string {
  switch (action.kind) {
    case 'create-version':
      return action.newPrompt
        ? `create prompt with version ${action.number}`
        : `create version ${action.number}`;
    case 'update-meta':
      return 'update description/tags';
    case 'move-label': {
      const to =
        action.target.split === null
          ? `v${action.target.version}`
          : action.target.split.map((e) => `v${e.version}:${e.weight}`).join('/');
      return `label ${action.label} → ${to}`;
    }
    case 'note':
      return `note: ${action.message}`;
  }
}

export const describeAction = describe;

/**
 * Applies every `*.yaml` in DIR: all files are parsed and planned first (so one bad file stops the
 * push before anything is written), then applied in include order through the service.
 */
export async function pushFolder(
  service: PromptService,
  dir: string,
  options: { actor: Actor; dryRun?: boolean },
): Promise<PushReport[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const files = [];
  for (const name of names) {
    const file = parsePromptFile(await readFile(join(dir, name), 'utf8'), name);
    if (name.replace(/\.ya?ml$/, '') !== file.name) {
      throw new KeelError(
        'invalid_request',
        `${name}: holds prompt '${file.name}'; name the file ${file.name}.yaml`,
      );
    }
    files.push(file);
  }
  const plans = [];
  for (const file of pushOrder(files))
    plans.push({ file, actions: planPush(file, await loadPrompt(service.deps.sql, file.name)) });
  if (!options.dryRun)
    for (const { file, actions } of plans) await applyPush(service, file, actions, options.actor);
  return plans.map(({ file, actions }) => ({ prompt: file.name, actions }));
}
