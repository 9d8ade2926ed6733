import type { PromptRef, PromptVersion, TemplateRole } from '../types.ts';
import { parseTemplate, type Token, templateUses } from './parse.ts';

/** A version with its templates parsed once (at load), so the request path only walks tokens. */
export interface CompiledVersion {
  version: PromptVersion;
  /** Chat prompts: one entry per message. */
  messages: Array<{ role: TemplateRole; name?: string; tokens: Token[] }>;
  /** Text prompts. */
  text: Token[] | null;
  /** Variables its own templates use (not counting includes). */
  uses: Set<string>;
  includes: PromptRef[];
}

export function compileVersion(version: PromptVersion): CompiledVersion {
  const { content } = version;
  const uses = new Set<string>();
  const includes: PromptRef[] = [];
  const take = (tokens: Token[]): Token[] => {
    const found = templateUses(tokens);
    for (const name of found.variables) uses.add(name);
    includes.push(...found.includes);
    return tokens;
  };
  if (content.type === 'text') {
    return { version, messages: [], text: take(parseTemplate(content.text ?? '', 'text')), uses, includes };
  }
  const messages = (content.messages ?? []).map((message, index) => {
    const tokens = take(parseTemplate(message.content, `messages[${index}].content`));
    return message.name === undefined
      ? { role: message.role, tokens }
      : { role: message.role, name: message.name, tokens };
  });
  return { version, messages, text: null, uses, includes };
}
