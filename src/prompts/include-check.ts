import { KeelError } from '../errors/index.ts';
import { formatRef } from './names.ts';
import type { PromptIndex } from './prompt-index.ts';
import type { CompiledVersion } from './template/compile.ts';
import type { PromptRef } from './types.ts';

/** A hypothetical change to check before writing it: a new version, or a label moved. */
export interface IncludeOverride {
  prompt: string;
  /** A version that does not exist yet. */
  compiled?: CompiledVersion;
  /** label → version as it would be after the write (`latest` included). */
  labels?: Record<string, number>;
}

const label = (v: CompiledVersion): string => `${v.version.prompt} v${v.version.version}`;

function resolver(index: PromptIndex, override: IncludeOverride): (ref: PromptRef) => CompiledVersion {
  return (ref) => {
    if (ref.name === override.prompt) {
      const number = 'version' in ref.selector ? ref.selector.version : override.labels?.[ref.selector.label];
      if (number !== undefined) {
        if (override.compiled?.version.version === number) return override.compiled;
        const existing = index.get(ref.name)?.versions.get(number);
        if (existing) return existing;
      }
    }
    return index.resolveInclude(ref);
  };
}

/**
 * Write-time check of everything reachable through `{{> …}}` from `starts`, as the registry would
 * be after the write: targets exist, are text prompts, nest at most `maxDepth`, and never loop back.
 * Errors are 400s for the writer (a cycle is rejected before it can reach the request path).
 */
export function assertIncludeGraph(
  index: PromptIndex,
  options: { starts: CompiledVersion[]; override: IncludeOverride; maxDepth: number },
): void {
  const resolve = resolver(index, options.override);
  const visit = (node: CompiledVersion, stack: CompiledVersion[]): void => {
    for (const ref of node.includes) {
      let target: CompiledVersion;
      try {
        target = resolve(ref);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new KeelError(
          'invalid_request',
          `${label(node)} includes ${formatRef(ref)}, which cannot be resolved: ${reason}`,
        );
      }
      if (target.text === null) {
        throw new KeelError(
          'invalid_request',
          `${label(node)} includes ${formatRef(ref)}, a chat prompt; only text prompts can be included`,
        );
      }
      const path = [...stack, target];
      if (
        stack.some(
          (v) => v.version.prompt === target.version.prompt && v.version.version === target.version.version,
        )
      ) {
        throw new KeelError('invalid_request', `Include cycle: ${path.map(label).join(' → ')}`);
      }
      if (stack.length > options.maxDepth) {
        throw new KeelError(
          'invalid_request',
          `Includes nest deeper than ${options.maxDepth}: ${path.map(label).join(' → ')}`,
        );
      }
      visit(target, path);
    }
  };
  for (const start of options.starts) visit(start, [start]);
}
