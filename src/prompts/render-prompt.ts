import type { PromptsConfig } from './config.ts';
import type { PromptIndex, Resolution } from './prompt-index.ts';
import { type RenderedMessage, renderVersion } from './template/render.ts';
import type { PromptRef, PromptUse, PromptVersion } from './types.ts';

export interface RenderedPrompt {
  use: PromptUse;
  version: PromptVersion;
  /** Chat prompts' messages; a text prompt becomes one `user` message. */
  messages: RenderedMessage[];
  /** Text prompts' rendered text (null for chat prompts). */
  text: string | null;
}

/** Picks the version (sticky by `key` for splits); `onResolved` sees it even when rendering then fails. */
export function resolvePrompt(
  index: PromptIndex,
  options: { ref: PromptRef; key: string | null },
): Resolution {
  return index.resolve(options.ref, options.key);
}

/** Renders a resolved version from memory: no I/O, strict variables, includes, size limits. */
export function renderResolution(
  index: PromptIndex,
  config: Pick<PromptsConfig, 'maxIncludeDepth' | 'maxRenderedBytes'>,
  options: { resolution: Resolution; variables: Readonly<Record<string, unknown>> },
): RenderedPrompt {
  const { compiled, label } = options.resolution;
  const result = renderVersion(compiled, options.variables, {
    resolveInclude: (ref) => index.resolveInclude(ref),
    maxDepth: config.maxIncludeDepth,
    maxBytes: config.maxRenderedBytes,
  });
  const version = compiled.version;
  return {
    use: { name: version.prompt, version: version.version, label },
    version,
    messages: result.text === null ? result.messages : [{ role: 'user', content: result.text }],
    text: result.text,
  };
}

export function renderPrompt(
  index: PromptIndex,
  config: Pick<PromptsConfig, 'maxIncludeDepth' | 'maxRenderedBytes'>,
  options: { ref: PromptRef; variables: Readonly<Record<string, unknown>>; key: string | null },
): RenderedPrompt {
  const resolution = resolvePrompt(index, options);
  return renderResolution(index, config, { resolution, variables: options.variables });
}
