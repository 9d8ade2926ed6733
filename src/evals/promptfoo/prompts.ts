import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * promptfoo prompts → eval-file prompts. A prompt is text with `{{var}}` placeholders, or chat
 * messages (a JSON/YAML array of {role, content}); it may be inline or a `file://` reference
 * (.txt/.md: text, `---` separating several prompts; .json/.yaml: chat messages). Code prompts
 * (.js/.py) and globs have no Keel equivalent and are reported.
 */

interface Message {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

export type ImportedPrompt = { id: string; template: string } | { id: string; messages: Message[] };

const ROLES = new Set(['system', 'developer', 'user', 'assistant']);

function asMessages(value: unknown): Message[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const ok = value.every(
    (m) =>
      m &&
      typeof m === 'object' &&
      ROLES.has((m as { role?: string }).role ?? '') &&
      typeof (m as { content?: unknown }).content === 'string',
  );
  return ok ? value.map((m: Message) => ({ role: m.role, content: m.content })) : null;
}

/** Text that is itself a JSON array of messages is a chat prompt (promptfoo does the same). */
function fromText(id: string, text: string): ImportedPrompt {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const messages = asMessages(JSON.parse(trimmed));
      if (messages) return { id, messages };
    } catch {
      // Not JSON after all: a text prompt that starts with '['.
    }
  }
  return { id, template: text };
}

function fromFile(ref: string, dir: string, label: string | undefined, warnings: string[]): ImportedPrompt[] {
  const path = ref.slice('file://'.length);
  if (/[*?]/.test(path) || path.includes(':')) {
    warnings.push(`prompt '${ref}': globs and function references are not supported; list the files instead`);
    return [];
  }
  const full = resolve(dir, path);
  const ext = extname(full).toLowerCase();
  if (['.js', '.cjs', '.mjs', '.ts', '.py'].includes(ext)) {
    warnings.push(`prompt '${ref}': code prompts are not supported; render them to text first`);
    return [];
  }
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    warnings.push(`prompt '${ref}': cannot read ${full}`);
    return [];
  }
  const base = label ?? basename(full, ext);
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    const messages = asMessages(ext === '.json' ? JSON.parse(text) : parseYaml(text));
    if (messages) return [{ id: base, messages }];
    warnings.push(`prompt '${ref}': expected a list of {role, content} messages`);
    return [];
  }
  const parts = text
    .split(/^---$/m)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.map((p, i) => fromText(parts.length > 1 ? `${base}-${i + 1}` : base, p));
}

export function importPrompts(raw: unknown, dir: string, warnings: string[]): ImportedPrompt[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: ImportedPrompt[] = [];
  list.forEach((entry, i) => {
    const fallback = `prompt-${i + 1}`;
    if (typeof entry === 'string') {
      out.push(
        ...(entry.startsWith('file://')
          ? fromFile(entry, dir, undefined, warnings)
          : [fromText(fallback, entry)]),
      );
      return;
    }
    if (entry && typeof entry === 'object') {
      const e = entry as { id?: unknown; raw?: unknown; label?: unknown };
      const label = typeof e.label === 'string' ? e.label : undefined;
      if (typeof e.raw === 'string') out.push(fromText(label ?? fallback, e.raw));
      else if (typeof e.id === 'string' && e.id.startsWith('file://'))
        out.push(...fromFile(e.id, dir, label, warnings));
      else if (typeof e.id === 'string') out.push(fromText(label ?? fallback, e.id));
      else warnings.push(`prompts[${i}]: neither raw text nor a file:// id; left out`);
      return;
    }
    warnings.push(`prompts[${i}]: not a string or an object; left out`);
  });
  const ids = new Set<string>();
  for (const p of out) {
    let id = p.id.replace(/[^A-Za-z0-9_.:@-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'prompt';
    for (let n = 2; ids.has(id); n++) id = `${p.id}-${n}`;
    ids.add(id);
    p.id = id;
  }
  return out;
}

/** Nunjucks features beyond `{{ var }}` (filters, tags) that Keel's templates do not render. */
export function templateWarnings(prompts: readonly ImportedPrompt[]): string[] {
  const warnings: string[] = [];
  for (const p of prompts) {
    const texts = 'template' in p ? [p.template] : p.messages.map((m) => m.content);
    if (texts.some((t) => /\{%|\{\{[^}]*\|/.test(t))) {
      warnings.push(
        `prompt '${p.id}' uses Nunjucks filters or tags ({{ x | f }}, {% … %}); Keel renders only {{ var }} — rewrite it`,
      );
    }
  }
  return warnings;
}
