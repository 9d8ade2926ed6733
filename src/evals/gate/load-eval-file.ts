import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { isKeelError, KeelError } from '../../errors/index.ts';
import { type NewItem, parseItem } from '../datasets/index.ts';
import { validateScorers } from '../runner/index.ts';
import { type EvalFile, evalFileSchema } from './eval-file-schema.ts';

/** An eval file, validated, with its inline tests turned into dataset items. */
export interface LoadedEvalFile {
  file: string;
  /** Directory relative paths in the file resolve against. */
  dir: string;
  name: string;
  spec: EvalFile;
  /** Inline `tests` (with defaultTest merged), when the file has them. */
  items: NewItem[] | null;
}

function configError(
  file: string,
  where: { line: number | null; col: number | null },
  key: string,
  message: string,
): KeelError {
  const at = where.line === null ? file : `${file}:${where.line}:${where.col ?? 1}`;
  return new KeelError('config_invalid', `${at}: ${key || '(root)'}: ${message}`, { param: key || 'file' });
}

function locate(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]) {
  const keys = path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = doc.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, col: pos.col };
    }
  }
  return { line: null, col: null };
}

/** Parses YAML text; errors name the file, line and key. */
export function parseEvalYaml(
  text: string,
  file: string,
): { raw: unknown; locate: (path: readonly PropertyKey[]) => { line: number | null; col: number | null } } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw configError(
      file,
      { line: pos?.line ?? null, col: pos?.col ?? null },
      '',
      first.message.split('\n')[0] ?? 'YAML syntax error',
    );
  }
  return { raw: doc.toJS({ maxAliasCount: 100 }) ?? {}, locate: (path) => locate(doc, counter, path) };
}

type Test = Record<string, unknown>;

/** defaultTest merged under a test: vars and metadata merge (test wins), assert lists concatenate. */
export function mergeDefaultTest(test: Test, defaults: Test | undefined): Test {
  if (!defaults) return test;
  const out: Test = { ...defaults, ...test };
  const obj = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  if (defaults.vars || test.vars) out.vars = { ...obj(defaults.vars), ...obj(test.vars) };
  if (defaults.metadata || test.metadata) out.metadata = { ...obj(defaults.metadata), ...obj(test.metadata) };
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  if (defaults.assert || test.assert) out.assert = [...list(defaults.assert), ...list(test.assert)];
  if (defaults.tags || test.tags) out.tags = [...new Set([...list(defaults.tags), ...list(test.tags)])];
  return out;
}

function testItems(
  spec: EvalFile,
  file: string,
  at: (path: PropertyKey[]) => { line: number | null; col: number | null },
): NewItem[] | null {
  if (!spec.tests) return null;
  return spec.tests.map((raw, i) => {
    const { description, ...test } = mergeDefaultTest(raw, spec.defaultTest) as Test & {
      description?: string;
    };
    if (test.provenance === undefined) test.provenance = 'human';
    if (description !== undefined) test.metadata = { ...(test.metadata as object), description };
    try {
      const item = parseItem(test, `tests[${i}]`);
      if (item.assertions) validateScorers(item.assertions, `tests[${i}].assert`);
      return item;
    } catch (error) {
      throw configError(
        file,
        at(['tests', i]),
        `tests.${i}`,
        isKeelError(error) ? error.message : String(error),
      );
    }
  });
}

/** Parses and validates an eval file's text (`file` names it in messages and anchors relative paths). */
export function parseEvalFile(text: string, file: string): LoadedEvalFile {
  const { raw, locate: at } = parseEvalYaml(text, file);
  const parsed = evalFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw configError(file, at(issue.path), issue.path.map(String).join('.'), issue.message);
  }
  const spec = parsed.data;
  try {
    validateScorers(spec.scorers, 'scorers');
  } catch (error) {
    throw configError(file, at(['scorers']), 'scorers', isKeelError(error) ? error.message : String(error));
  }
  if (spec.tests && spec.dataset)
    throw configError(file, at(['tests']), 'tests', 'use either `dataset` or inline `tests`, not both');
  if (!spec.tests && !spec.dataset)
    throw configError(
      file,
      { line: null, col: null },
      'dataset',
      'the eval needs a `dataset` or inline `tests`',
    );
  const name = spec.name ?? basename(file, extname(file)).replace(/[^A-Za-z0-9_.:@-]/g, '-');
  return { file, dir: dirname(resolve(file)), name, spec, items: testItems(spec, file, at) };
}

export function loadEvalFile(path: string): LoadedEvalFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeelError(
      'config_invalid',
      `Cannot read eval file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  return parseEvalFile(text, path);
}
