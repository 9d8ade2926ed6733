import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { validateJsonSchema } from '../output/json-schema.ts';
import { parseToolArgs } from './tool-args.ts';

export interface ToolAllowlistOptions {
  id?: string;
  /** Tool names the model may call; a trailing `*` matches a prefix (`github_*`). */
  allow: readonly string[];
}

function matches(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** Action checkpoint: blocks calls to tools outside the allow-list. */
export function createToolAllowlistScanner(options: ToolAllowlistOptions): Scanner {
  return {
    specVersion: 'v1',
    id: options.id ?? 'tool-allowlist',
    checkpoints: ['action'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      if (input.kind !== 'tool_call') return { verdict: 'pass', score: 0 };
      const name = input.call.function.name;
      if (matches(name, options.allow)) return { verdict: 'pass', score: 0 };
      // The tool name is chosen by the model from the declared list, so naming it is not a leak.
      return { verdict: 'block', score: 1, reason: `tool '${name.slice(0, 64)}' is not allowed` };
    },
  };
}

export interface ToolArgsSchemaOptions {
  id?: string;
  /** Block calls to tools the request did not declare (also when it declared none). Default true. */
  requireDeclared?: boolean;
}

/**
 * Action checkpoint: arguments must be JSON (within size/depth caps) and match the parameters
 * schema the request declared for that tool (`ctx.tools`).
 */
export function createToolArgsSchemaScanner(options: ToolArgsSchemaOptions = {}): Scanner {
  const requireDeclared = options.requireDeclared ?? true;
  return {
    specVersion: 'v1',
    id: options.id ?? 'tool-args-schema',
    checkpoints: ['action'],
    scan(input: ScanInput, ctx: ScanContext): ScanResult {
      if (input.kind !== 'tool_call') return { verdict: 'pass', score: 0 };
      const parsed = parseToolArgs(input);
      if (!parsed?.ok)
        return { verdict: 'block', score: 1, reason: `tool arguments rejected (${parsed?.reason})` };
      const tool = ctx.tools?.find((t) => t.function.name === input.call.function.name);
      if (!tool) {
        // A request that declared no tools declared none of them: every call is undeclared.
        if (!requireDeclared) return { verdict: 'pass', score: 0 };
        return { verdict: 'block', score: 1, reason: 'tool was not declared in the request' };
      }
      const schema = tool.function.parameters;
      if (!schema) return { verdict: 'pass', score: 0 };
      const errors = validateJsonSchema(schema, parsed.value, { maxDepth: 32 });
      if (errors.length === 0) return { verdict: 'pass', score: 0 };
      // Schema paths only: the data path holds the model's own keys, which can be anything.
      const shown = errors
        .slice(0, 3)
        .map((e) => `${e.schemaPath}: ${e.message}`)
        .join('; ');
      return {
        verdict: 'block',
        score: 1,
        reason: `tool arguments do not match the declared parameters: ${shown}`,
      };
    },
  };
}
