import { KeelError } from '../../errors/index.ts';
import type { ChatMessage } from '../../spec/chat.ts';
import type { MessageTemplate } from './types.ts';

/**
 * `{{ name }}` / `{{ a.b.c }}` substitution for eval-file prompts (promptfoo's common case). A
 * string value is inserted as is; anything else as JSON. A missing variable is an error naming
 * it, never an empty string. `\{{` is a literal `{{`.
 */
const PLACEHOLDER = /\\\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

function lookup(variables: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = variables;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function renderTemplate(template: string, variables: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_match, path: string | undefined) => {
    if (path === undefined) return '{{';
    const value = lookup(variables, path);
    if (value === undefined) {
      throw new KeelError('invalid_request', `Template variable '${path}' is not set for this item`, {
        param: `variables.${path}`,
      });
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/** Names a template uses (top-level), for checks and docs. */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (match[1]) names.add(match[1].split('.')[0]!);
  return [...names];
}

export function renderMessages(
  templates: readonly MessageTemplate[],
  variables: Readonly<Record<string, unknown>>,
): ChatMessage[] {
  return templates.map((t) => {
    const message: ChatMessage = { role: t.role, content: renderTemplate(t.content, variables) };
    if (t.name !== undefined) message.name = t.name;
    return message;
  });
}
