import type { ToolDefinition } from '../spec/index.ts';

/**
 * The prompt registry's domain types. A prompt is a name with immutable numbered versions and
 * labels (mutable pointers). `latest` is virtual: always the newest version, never stored.
 */

export type VariableType = 'string' | 'number' | 'boolean' | 'json';

export interface VariableSpec {
  type: VariableType;
  /** Used when the caller does not pass the variable; without it the variable is required. */
  default?: unknown;
  description?: string;
}

export type TemplateRole = 'system' | 'developer' | 'user' | 'assistant';

export interface TemplateMessage {
  role: TemplateRole;
  /** A template: `{{variable}}`, `{{> other_prompt@label}}`, `\{{` for a literal `{{`. */
  content: string;
  name?: string;
}

/** What a version is: everything hashed and immutable. */
export interface VersionContent {
  type: 'chat' | 'text';
  /** Chat prompts. */
  messages?: TemplateMessage[];
  /** Text prompts (and the only kind another prompt may include). */
  text?: string;
  variables: Record<string, VariableSpec>;
  /** Public Keel model the request goes to; the caller's model is used when absent. */
  model?: string;
  /** Request parameters (temperature, max_tokens…): defaults the caller may override. */
  parameters: Record<string, unknown>;
  tools?: ToolDefinition[];
  /** OpenAI `response_format` (e.g. a JSON schema). */
  responseFormat?: Record<string, unknown>;
}

export interface PromptVersion {
  prompt: string;
  version: number;
  content: VersionContent;
  /** sha256 of the canonical JSON of `content`. */
  contentHash: string;
  commitMessage: string;
  author: string;
  createdAt: number;
}

export interface SplitEntry {
  version: number;
  /** Relative weight (> 0); shares are weight / sum. */
  weight: number;
}

/** Where a label points: one version, or a weighted split (canary / A-B). */
export interface LabelTarget {
  /** The primary version (the single target, or the split's heaviest entry). */
  version: number;
  split: SplitEntry[] | null;
}

export interface LabelState extends LabelTarget {
  label: string;
  /** Bumped on every move; the optimistic-concurrency token. */
  revision: number;
  updatedAt: number;
  updatedBy: string;
}

export interface PromptMeta {
  name: string;
  description: string;
  tags: string[];
  /** Bumped on every change to the prompt, its versions or its labels. */
  revision: number;
  createdAt: number;
  updatedAt: number;
}

/** A whole prompt as the store holds it. */
export interface PromptRecord {
  meta: PromptMeta;
  versions: PromptVersion[];
  labels: LabelState[];
}

export interface LabelHistoryEntry {
  id: string;
  prompt: string;
  label: string;
  from: LabelTarget | null;
  to: LabelTarget | null;
  actor: string;
  reason: string;
  at: number;
}

/** How a caller names a version: by label (default `production`) or by number. */
export type PromptSelector = { label: string } | { version: number };

export interface PromptRef {
  name: string;
  selector: PromptSelector;
}

/** Set on the request record's metadata as `prompt`. */
export interface PromptUse {
  name: string;
  version: number;
  /** The label used, or null when the caller named a version. */
  label: string | null;
}
