import { KeelError } from '../../errors/index.ts';
import { parseRef } from '../names.ts';
import type { PromptRef } from '../types.ts';

/**
 * The template language, deliberately tiny (Mustache-compatible for plain variables, so Langfuse
 * clients compile Keel prompts the same way):
 *   {{name}} / {{ name }}     a variable
 *   {{> other}}               include the text prompt `other` (production), `{{> other@staging}}`, `{{> other@v3}}`
 *   \{{                       a literal `{{`
 * Anything else between `{{` and `}}`, or a `{{` that never closes, is an error with a position.
 */

export type Token =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'include'; ref: PromptRef; raw: string };

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function position(source: string, index: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < index; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return `line ${line}, column ${column}`;
}

function invalid(where: string, message: string): KeelError {
  return new KeelError('invalid_request', `Invalid template in ${where}: ${message}`, { param: where });
}

function placeholder(inner: string, context: { source: string; at: number; where: string }): Token {
  const body = inner.trim();
  if (body.startsWith('>')) {
    const raw = body.slice(1).trim();
    try {
      return { kind: 'include', ref: parseRef(raw), raw };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalid(
        context.where,
        `bad include '{{${inner}}}' at ${position(context.source, context.at)}: ${reason}`,
      );
    }
  }
  if (!VARIABLE_NAME.test(body)) {
    const shown = inner.length > 60 ? `${inner.slice(0, 60)}…` : inner;
    throw invalid(
      context.where,
      `'{{${shown}}}' at ${position(context.source, context.at)} is not a variable (letters, digits, _) or an include ({{> name@label}})`,
    );
  }
  return { kind: 'var', name: body };
}

/** Splits a template into text, variable and include tokens; `where` names it in errors. */
export function parseTemplate(source: string, where: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      text += source.slice(i);
      break;
    }
    if (open > 0 && source.charCodeAt(open - 1) === 92 /* \ */) {
      text += `${source.slice(i, open - 1)}{{`;
      i = open + 2;
      continue;
    }
    text += source.slice(i, open);
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw invalid(where, `'{{' at ${position(source, open)} is never closed with '}}'`);
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
    tokens.push(placeholder(source.slice(open + 2, close), { source, at: open, where }));
    i = close + 2;
  }
  if (text !== '') tokens.push({ kind: 'text', text });
  return tokens;
}

/** Variable names and include refs a template uses, in order of first use. */
export function templateUses(tokens: readonly Token[]): { variables: string[]; includes: PromptRef[] } {
  const variables = new Set<string>();
  const includes: PromptRef[] = [];
  for (const token of tokens) {
    if (token.kind === 'var') variables.add(token.name);
    else if (token.kind === 'include') includes.push(token.ref);
  }
  return { variables: [...variables], includes };
}
