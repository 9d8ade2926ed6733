import { KeelError } from '../errors/index.ts';
import type { PromptRef, PromptSelector } from './types.ts';

/**
 * Names, labels and references. Names avoid `@`, `:` and `/` so `prompt:NAME@LABEL` parses without
 * ambiguity and each prompt maps to one file (`NAME.yaml`) in a prompts folder.
 */

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
export const LABEL_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const VERSION_LABEL = /^v(\d{1,9})$/;

export const PRODUCTION = 'production';
export const LATEST = 'latest';
/** Labels Keel manages itself; callers can read them but never move them. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([LATEST]);

export function assertName(name: string, param = 'name'): string {
  if (!NAME_PATTERN.test(name) || name.includes('..')) {
    throw new KeelError(
      'invalid_request',
      `Invalid prompt name '${name.slice(0, 140)}': use 1-128 letters, digits, '_', '.', '-' (starting with a letter or digit)`,
      { param },
    );
  }
  return name;
}

/** A label a caller may set (not `latest`, not `vN` which means a version number). */
export function assertSettableLabel(label: string, param = 'label'): string {
  if (!LABEL_PATTERN.test(label) || VERSION_LABEL.test(label)) {
    throw new KeelError(
      'invalid_request',
      `Invalid label '${label.slice(0, 80)}': use 1-64 lower-case letters, digits, '_', '.', '-' (and not 'vN', which names a version)`,
      { param },
    );
  }
  if (RESERVED_LABELS.has(label)) {
    throw new KeelError(
      'invalid_request',
      `Label '${label}' is managed by Keel (it always points at the newest version)`,
      {
        param,
      },
    );
  }
  return label;
}

/** `LABEL` or `vN` after the `@`. */
export function parseSelector(text: string | undefined, param = 'prompt'): PromptSelector {
  if (text === undefined || text === '') return { label: PRODUCTION };
  const version = VERSION_LABEL.exec(text);
  if (version) return { version: Number(version[1]) };
  if (!LABEL_PATTERN.test(text)) {
    throw new KeelError(
      'invalid_request',
      `Invalid prompt label or version '${text.slice(0, 80)}' (expected a label or vN)`,
      {
        param,
      },
    );
  }
  return { label: text };
}

/** `NAME`, `NAME@LABEL` or `NAME@vN` (a bare name means the `production` label). */
export function parseRef(text: string, param = 'prompt'): PromptRef {
  const at = text.indexOf('@');
  const name = at < 0 ? text : text.slice(0, at);
  assertName(name, param);
  return { name, selector: parseSelector(at < 0 ? undefined : text.slice(at + 1), param) };
}

export function formatRef(ref: PromptRef): string {
  return 'version' in ref.selector
    ? `${ref.name}@v${ref.selector.version}`
    : `${ref.name}@${ref.selector.label}`;
}
