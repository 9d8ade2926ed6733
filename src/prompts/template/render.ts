import { KeelError } from '../../errors/index.ts';
import { formatRef } from '../names.ts';
import type { PromptRef, TemplateRole, VariableSpec } from '../types.ts';
import type { CompiledVersion } from './compile.ts';
import type { Token } from './parse.ts';
import { renderValue } from './variables.ts';

export interface RenderOptions {
  /** Finds an included prompt's version; throws not_found when there is none. */
  resolveInclude(ref: PromptRef): CompiledVersion;
  maxDepth: number;
  maxBytes: number;
}

export interface RenderedMessage {
  role: TemplateRole;
  content: string;
  name?: string;
}

export interface RenderResult {
  /** Chat prompts. */
  messages: RenderedMessage[];
  /** Text prompts. */
  text: string | null;
}

/** Own declarations only: a variable named `constructor` must not find Object.prototype's. */
const declared = (v: CompiledVersion, name: string): VariableSpec | undefined => {
  const variables = v.version.content.variables;
  return Object.hasOwn(variables, name) ? variables[name] : undefined;
};
const label = (v: CompiledVersion): string => `${v.version.prompt} v${v.version.version}`;
const quoted = (names: Iterable<string>): string => [...names].map((n) => `'${n}'`).join(', ');

/** Renders one version with strict variables: missing or unknown variables are a 400 naming them. */
export function renderVersion(
  root: CompiledVersion,
  variables: Readonly<Record<string, unknown>>,
  options: RenderOptions,
): RenderResult {
  const renderer = new Renderer(root, variables, options);
  let result: RenderResult;
  if (root.text !== null) {
    result = { messages: [], text: renderer.tokens(root.text, root, [root]) };
  } else {
    const messages = root.messages.map((m) => {
      const content = renderer.tokens(m.tokens, root, [root]);
      return m.name === undefined ? { role: m.role, content } : { role: m.role, content, name: m.name };
    });
    result = { messages, text: null };
  }
  renderer.finish(result);
  return result;
}

class Renderer {
  readonly #root: CompiledVersion;
  readonly #given: Readonly<Record<string, unknown>>;
  readonly #options: RenderOptions;
  readonly #values = new Map<string, string>();
  readonly #missing = new Set<string>();
  readonly #known = new Set<string>();
  #chars = 0;

  constructor(root: CompiledVersion, given: Readonly<Record<string, unknown>>, options: RenderOptions) {
    this.#root = root;
    this.#given = given;
    this.#options = options;
    this.#declare(root);
  }

  /** A top-level template (a message or the text); counts towards the output limit. */
  tokens(tokens: readonly Token[], owner: CompiledVersion, stack: CompiledVersion[]): string {
    const out = this.#render(tokens, owner, stack);
    this.#chars += out.length;
    if (this.#chars > this.#options.maxBytes) this.tooLarge();
    return out;
  }

  #render(tokens: readonly Token[], owner: CompiledVersion, stack: CompiledVersion[]): string {
    let out = '';
    for (const token of tokens) {
      if (token.kind === 'text') out += token.text;
      else if (token.kind === 'var') out += this.#value(token.name, owner);
      else out += this.#include(token.ref, stack);
    }
    return out;
  }

  /** Throws on missing/unknown variables, or on output over the byte limit. */
  finish(result: RenderResult): void {
    // Cheap bound first (a UTF-16 unit is at most 3 UTF-8 bytes); exact bytes only near the limit.
    if (this.#chars * 3 > this.#options.maxBytes) {
      let bytes = result.text === null ? 0 : Buffer.byteLength(result.text);
      for (const m of result.messages) bytes += Buffer.byteLength(m.content);
      if (bytes > this.#options.maxBytes) this.tooLarge();
    }
    const unknown = Object.keys(this.#given).filter((name) => !this.#known.has(name));
    if (this.#missing.size === 0 && unknown.length === 0) return;
    const parts: string[] = [];
    if (this.#missing.size > 0)
      parts.push(`missing variable${this.#missing.size > 1 ? 's' : ''} ${quoted(this.#missing)}`);
    if (unknown.length > 0) {
      const known =
        this.#known.size > 0 ? ` (known: ${quoted([...this.#known].sort())})` : ' (it takes none)';
      parts.push(`unknown variable${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}${known}`);
    }
    const first = this.#missing.values().next().value ?? unknown[0];
    throw new KeelError('invalid_request', `Prompt ${label(this.#root)}: ${parts.join('; ')}`, {
      param: `variables.${first}`,
    });
  }

  #declare(version: CompiledVersion): void {
    for (const name of Object.keys(version.version.content.variables)) this.#known.add(name);
    for (const name of version.uses) this.#known.add(name);
  }

  #value(name: string, owner: CompiledVersion): string {
    const cached = this.#values.get(name);
    if (cached !== undefined) return cached;
    // The outer prompt's declaration wins over an included prompt's.
    const spec = declared(this.#root, name) ?? declared(owner, name);
    const value = Object.hasOwn(this.#given, name) ? this.#given[name] : undefined;
    if (value === undefined && spec?.default === undefined) {
      this.#missing.add(name);
      return '';
    }
    const text = renderValue(name, spec, value === undefined ? spec?.default : value);
    this.#values.set(name, text);
    return text;
  }

  #include(ref: PromptRef, stack: CompiledVersion[]): string {
    const from = stack[stack.length - 1] as CompiledVersion;
    if (stack.length > this.#options.maxDepth) {
      throw new KeelError(
        'invalid_request',
        `Prompt ${label(this.#root)}: includes nest deeper than ${this.#options.maxDepth} (at ${label(from)} → ${formatRef(ref)})`,
      );
    }
    const target = this.#options.resolveInclude(ref);
    if (target.text === null) {
      throw new KeelError(
        'invalid_request',
        `Prompt ${label(from)} includes ${formatRef(ref)}, a chat prompt; only text prompts can be included`,
      );
    }
    const { prompt, version } = target.version;
    if (stack.some((v) => v.version.prompt === prompt && v.version.version === version)) {
      const path = [...stack, target].map(label).join(' → ');
      throw new KeelError('invalid_request', `Include cycle: ${path}`);
    }
    this.#declare(target);
    return this.#render(target.text, target, [...stack, target]);
  }

  tooLarge(): never {
    throw new KeelError(
      'invalid_request',
      `Prompt ${label(this.#root)}: rendered output exceeds ${this.#options.maxBytes} bytes (prompts.maxRenderedBytes)`,
    );
  }
}
