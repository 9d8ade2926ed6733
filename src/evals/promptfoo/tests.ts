import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseCsvRecords } from '../../guard/eval/index.ts';
import { mapPromptfooAssertion, type PromptfooAssertion, type ScorerSpec } from '../scorers/index.ts';

/**
 * promptfoo tests → eval-file tests. Vars carry over (array values expand into one test per
 * combination, as in promptfoo); `assert` entries are mapped by the scorers' promptfoo map, and
 * every entry that cannot be mapped is collected — type, reason and which tests — for the report.
 */

export interface UnsupportedAssertion {
  type: string;
  reason: string;
  /** Test labels (description, or `tests[i]`; `defaultTest`). */
  tests: string[];
}

export interface ImportedTest {
  description?: string;
  vars?: Record<string, unknown>;
  assert?: (ScorerSpec & { weight?: number })[];
  metadata?: Record<string, unknown>;
  provenance: 'human';
}

export class Unsupported {
  readonly #byKey = new Map<string, UnsupportedAssertion>();

  add(type: string, reason: string, test: string): void {
    const key = `${type}\u0000${reason}`;
    const entry = this.#byKey.get(key) ?? { type, reason, tests: [] };
    if (!entry.tests.includes(test)) entry.tests.push(test);
    this.#byKey.set(key, entry);
  }

  list(): UnsupportedAssertion[] {
    return [...this.#byKey.values()];
  }
}

export function mapAsserts(raw: unknown, label: string, unsupported: Unsupported): ImportedTest['assert'] {
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  const out: NonNullable<ImportedTest['assert']> = [];
  for (const entry of list) {
    if (!entry || typeof entry !== 'object' || typeof (entry as { type?: unknown }).type !== 'string') {
      unsupported.add('(invalid)', 'an assert entry without a string "type"', label);
      continue;
    }
    const a = entry as PromptfooAssertion;
    if (a.transform !== undefined) {
      unsupported.add(a.type, '"transform" (JavaScript run on the output) is not supported', label);
      continue;
    }
    const mapped = mapPromptfooAssertion(a);
    if (!mapped.ok) {
      unsupported.add(mapped.type, mapped.reason, label);
      continue;
    }
    out.push(mapped.weight === undefined ? mapped.spec : { ...mapped.spec, weight: mapped.weight });
  }
  return out;
}

/** promptfoo expands array-valued vars into every combination. */
export function expandVars(vars: Record<string, unknown>, limit = 1000): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const options = Array.isArray(value) ? value : [value];
    combos = combos.flatMap((c) => options.map((o) => ({ ...c, [name]: o })));
    if (combos.length > limit) throw new Error(`vars expand to more than ${limit} combinations`);
  }
  return combos;
}

/** `file://x.txt` var values are read (text only); other file refs are reported. */
function loadVarFiles(
  vars: Record<string, unknown>,
  dir: string,
  warnings: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value === 'string' && value.startsWith('file://')) {
      const path = resolve(dir, value.slice('file://'.length));
      if (['.txt', '.md'].includes(extname(path).toLowerCase())) {
        try {
          out[name] = readFileSync(path, 'utf8');
          continue;
        } catch {
          warnings.push(`var '${name}': cannot read ${path}; kept as text`);
        }
      } else warnings.push(`var '${name}': '${value}' is not a text file; kept as text`);
    }
    out[name] = value;
  }
  return out;
}

/** promptfoo CSV: every column is a var except `__expected*` (assert shorthand) and `__description`. */
function csvTests(text: string): Record<string, unknown>[] {
  return parseCsvRecords(text).map((row) => {
    const vars: Record<string, unknown> = {};
    const assert: PromptfooAssertion[] = [];
    let description: string | undefined;
    for (const [column, value] of Object.entries(row)) {
      if (column.startsWith('__expected')) {
        if (value.trim() !== '') assert.push(shorthand(value));
      } else if (column === '__description') description = value;
      else if (!column.startsWith('__')) vars[column] = value;
    }
    return { vars, assert, ...(description ? { description } : {}) };
  });
}

/** `contains: foo`, `not-icontains: x`, `llm-rubric: …`, `javascript: …`; no prefix = equals. */
export function shorthand(value: string): PromptfooAssertion {
  const m = /^(not-)?([a-z][a-z0-9-]*(?::[a-z]+)?):\s?([\s\S]*)$/i.exec(value.trim());
  if (!m) return { type: 'equals', value };
  const type = `${m[1] ?? ''}${m[2]!.toLowerCase()}`;
  if (type === 'fn' || type === 'eval') return { type: 'javascript', value: m[3] };
  if (type === 'grade') return { type: 'llm-rubric', value: m[3] };
  return m[3] === '' ? { type } : { type, value: m[3] };
}

export function loadTestSource(raw: unknown, dir: string, warnings: string[]): Record<string, unknown>[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw))
    return raw.flatMap((t) =>
      typeof t === 'string' ? loadTestSource(t, dir, warnings) : [t as Record<string, unknown>],
    );
  if (typeof raw !== 'string') return [raw as Record<string, unknown>];
  if (!raw.startsWith('file://')) {
    warnings.push(`tests: '${raw}' is not a file:// reference; left out`);
    return [];
  }
  const path = resolve(dir, raw.slice('file://'.length));
  const ext = extname(path).toLowerCase();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    warnings.push(`tests: cannot read ${path}`);
    return [];
  }
  if (ext === '.csv') return csvTests(text);
  if (ext === '.jsonl')
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const parsed: unknown = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  return Array.isArray(parsed) ? (parsed as Record<string, unknown>[]) : [];
}

const KNOWN = new Set(['description', 'vars', 'assert', 'metadata', 'options', 'threshold', 'provider']);

export function importTests(
  tests: Record<string, unknown>[],
  o: { dir: string; warnings: string[]; unsupported: Unsupported },
): ImportedTest[] {
  const out: ImportedTest[] = [];
  tests.forEach((t, i) => {
    const label = typeof t.description === 'string' && t.description !== '' ? t.description : `tests[${i}]`;
    for (const key of Object.keys(t))
      if (!KNOWN.has(key)) o.warnings.push(`${label}: '${key}' is not carried over`);
    if (t.threshold !== undefined)
      o.warnings.push(
        `${label}: test-level "threshold" is not supported (Keel passes a test when every scorer passes)`,
      );
    if (t.provider !== undefined || t.options !== undefined)
      o.warnings.push(`${label}: per-test "provider"/"options" are not carried over`);
    const assert = mapAsserts(t.assert, label, o.unsupported);
    const vars =
      t.vars && typeof t.vars === 'object'
        ? loadVarFiles(t.vars as Record<string, unknown>, o.dir, o.warnings)
        : {};
    for (const combo of expandVars(vars)) {
      const test: ImportedTest = { provenance: 'human', vars: combo };
      if (typeof t.description === 'string') test.description = t.description;
      if (assert && assert.length > 0) test.assert = assert;
      if (t.metadata && typeof t.metadata === 'object') test.metadata = t.metadata as Record<string, unknown>;
      out.push(test);
    }
  });
  return out;
}
