import { KeelError } from '../../errors/index.ts';
import type { LoadedPrompt, PromptIndex } from '../prompt-index.ts';
import type { LabelTarget, PromptVersion } from '../types.ts';

/** JSON views of the in-memory registry for the admin API and `keel prompts … --json`. */

export function requirePrompt(index: PromptIndex, name: string): LoadedPrompt {
  const prompt = index.get(name);
  if (!prompt) throw new KeelError('not_found', `Prompt '${name}' not found`);
  return prompt;
}

export function labelsView(
  index: PromptIndex,
  prompt: LoadedPrompt,
): Record<string, LabelTarget & { updatedAt?: number; updatedBy?: string }> {
  const out: Record<string, LabelTarget & { updatedAt?: number; updatedBy?: string }> = {};
  for (const state of [...prompt.labels.values()].sort((a, b) => (a.label < b.label ? -1 : 1))) {
    out[state.label] = {
      version: state.version,
      split: state.split,
      updatedAt: state.updatedAt,
      updatedBy: state.updatedBy,
    };
  }
  const latest = index.labelTarget(prompt, 'latest');
  if (latest) out.latest = latest;
  return out;
}

export function promptSummary(index: PromptIndex, prompt: LoadedPrompt) {
  return {
    name: prompt.meta.name,
    description: prompt.meta.description,
    tags: prompt.meta.tags,
    type: prompt.versions.get(prompt.latest)?.version.content.type ?? null,
    latestVersion: prompt.latest,
    labels: labelsView(index, prompt),
    createdAt: prompt.meta.createdAt,
    updatedAt: prompt.meta.updatedAt,
  };
}

export function versionMeta(index: PromptIndex, prompt: LoadedPrompt, version: PromptVersion) {
  return {
    name: version.prompt,
    version: version.version,
    type: version.content.type,
    contentHash: version.contentHash,
    commitMessage: version.commitMessage,
    author: version.author,
    createdAt: version.createdAt,
    labels: index.labelsOf(prompt, version.version),
  };
}

export function versionView(index: PromptIndex, prompt: LoadedPrompt, version: PromptVersion) {
  return { ...versionMeta(index, prompt, version), content: version.content };
}

export function promptDetail(index: PromptIndex, prompt: LoadedPrompt) {
  const versions = [...prompt.versions.values()]
    .map((c) => versionMeta(index, prompt, c.version))
    .sort((a, b) => b.version - a.version);
  return { ...promptSummary(index, prompt), versions };
}
