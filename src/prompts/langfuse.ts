import { sha256Hex } from '../util/index.ts';
import type { LoadedPrompt, PromptIndex } from './prompt-index.ts';
import type { CompiledVersion } from './template/compile.ts';
import type { Token } from './template/parse.ts';

/** Langfuse's prompt shape (GET /api/public/v2/prompts/{name}), as its SDKs read it. */
export interface LangfusePrompt {
  id: string;
  name: string;
  version: number;
  type: 'chat' | 'text';
  prompt: string | Array<{ type: 'chatmessage'; role: string; content: string }>;
  config: Record<string, unknown>;
  labels: string[];
  tags: string[];
  commitMessage: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  resolutionGraph: null;
}

/**
 * Template text for clients that compile prompts themselves (Langfuse SDKs use Mustache):
 * variables stay `{{name}}`; includes are inlined (Langfuse resolves its own prompt references
 * server-side too) unless `resolve` is false.
 */
function templateText(
  tokens: readonly Token[],
  options: { index: PromptIndex; resolve: boolean; depth: number },
): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += token.text.replaceAll('{{', '\\{{');
    else if (token.kind === 'var') out += `{{${token.name}}}`;
    else if (!options.resolve || options.depth <= 0) out += `{{> ${token.raw}}}`;
    else {
      const target = options.index.resolveInclude(token.ref);
      out += templateText(target.text ?? [], { ...options, depth: options.depth - 1 });
    }
  }
  return out;
}

export function toLangfusePrompt(
  index: PromptIndex,
  options: { prompt: LoadedPrompt; compiled: CompiledVersion; resolve: boolean; maxDepth: number },
): LangfusePrompt {
  const { prompt, compiled } = options;
  const { version, content } = { version: compiled.version, content: compiled.version.content };
  const text = (tokens: readonly Token[]) =>
    templateText(tokens, { index, resolve: options.resolve, depth: options.maxDepth });
  const config: Record<string, unknown> = { ...content.parameters };
  if (content.model !== undefined) config.model = content.model;
  if (content.tools !== undefined) config.tools = content.tools;
  if (content.responseFormat !== undefined) config.response_format = content.responseFormat;
  if (Object.keys(content.variables).length > 0) config.variables = content.variables;
  return {
    id: `${version.prompt}:v${version.version}`,
    name: version.prompt,
    version: version.version,
    type: content.type,
    prompt:
      compiled.text !== null
        ? text(compiled.text)
        : compiled.messages.map((m) => ({
            type: 'chatmessage' as const,
            role: m.role,
            content: text(m.tokens),
          })),
    config,
    labels: index.labelsOf(prompt, version.version),
    tags: prompt.meta.tags,
    commitMessage: version.commitMessage === '' ? null : version.commitMessage,
    createdAt: new Date(version.createdAt).toISOString(),
    updatedAt: new Date(Math.max(version.createdAt, prompt.meta.updatedAt)).toISOString(),
    createdBy: version.author,
    resolutionGraph: null,
  };
}

/** A strong ETag over the exact body: labels moving changes it, so If-None-Match never pins a stale label. */
export function etagOf(body: string): string {
  return `"${sha256Hex(body).slice(0, 32)}"`;
}

export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === etag || tag === '*';
  });
}
