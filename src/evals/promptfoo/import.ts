import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { KeelError } from '../../errors/index.ts';
import { parseEvalYaml } from '../gate/index.ts';
import { SCORER_REGISTRY } from '../scorers/index.ts';
import { type ImportedPrompt, importPrompts, templateWarnings } from './prompts.ts';
import { importProviders, keelModel } from './providers.ts';
import {
  type ImportedTest,
  importTests,
  loadTestSource,
  mapAsserts,
  Unsupported,
  type UnsupportedAssertion,
} from './tests.ts';

/**
 * `keel eval import-promptfoo`: a promptfooconfig.yaml → a Keel eval file. Nothing is dropped
 * silently: unsupported assertion types come back as a list (type, reason, which tests), and
 * everything else not carried over as warnings.
 */

export interface PromptfooImport {
  /** The eval file as an object (what `yaml` holds). */
  evalFile: Record<string, unknown>;
  yaml: string;
  unsupported: UnsupportedAssertion[];
  warnings: string[];
}

export interface PromptfooImportOptions {
  /** `from=to` renames for provider ids or their model part. */
  modelMap?: ReadonlyMap<string, string>;
  /** Judge model for model-graded scorers (default: promptfoo's grader provider, else the first model). */
  judge?: string;
}

const TOP_LEVEL = new Set([
  'description',
  'prompts',
  'providers',
  'targets',
  'tests',
  'defaultTest',
  'evaluateOptions',
  'outputPath',
  'sharing',
  'env',
  'scenarios',
  'commandLineOptions',
  'metadata',
  'writeLatestResults',
  'tags',
  'nunjucksFilters',
  'derivedMetrics',
  'extensions',
  'redteam',
]);

function promptEntry(p: ImportedPrompt): unknown {
  return 'template' in p ? { id: p.id, template: p.template } : { id: p.id, messages: p.messages };
}

function judgeOf(
  config: Record<string, unknown>,
  o: PromptfooImportOptions,
  models: { model: string }[],
  warnings: string[],
): string | undefined {
  if (o.judge) return o.judge;
  const options = (config.defaultTest as { options?: { provider?: unknown } } | undefined)?.options;
  const grader =
    typeof options?.provider === 'string'
      ? options.provider
      : (options?.provider as { id?: unknown } | undefined)?.id;
  if (typeof grader === 'string') return keelModel(grader, o.modelMap ?? new Map());
  const first = models[0]?.model;
  if (first)
    warnings.push(
      `model-graded scorers will be judged by '${first}' (promptfoo used its default grader); set judge: or pass --judge`,
    );
  return first;
}

function usesJudge(tests: ImportedTest[], defaults: ImportedTest['assert']): boolean {
  const graded = (list: ImportedTest['assert']) =>
    (list ?? []).some((s) => SCORER_REGISTRY.get(s.type)?.modelGraded && s.judge === undefined);
  return graded(defaults) || tests.some((t) => graded(t.assert));
}

function nameOf(config: Record<string, unknown>, file: string): string {
  const base =
    typeof config.description === 'string' && config.description.trim()
      ? config.description
      : basename(file, extname(file));
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'imported'
  );
}

export function importPromptfoo(text: string, file: string, o: PromptfooImportOptions = {}): PromptfooImport {
  const { raw } = parseEvalYaml(text, file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new KeelError('config_invalid', `${file}: not a promptfoo config (expected a mapping)`);
  const config = raw as Record<string, unknown>;
  const dir = dirname(resolve(file));
  const warnings: string[] = [];
  const unsupported = new Unsupported();
  for (const key of Object.keys(config))
    if (!TOP_LEVEL.has(key)) warnings.push(`top-level '${key}' is not a promptfoo key; ignored`);
  if (config.scenarios !== undefined) warnings.push("'scenarios' are not supported; expand them into tests");
  const prompts = importPrompts(config.prompts, dir, warnings);
  warnings.push(...templateWarnings(prompts));
  const models = importProviders(config.providers ?? config.targets, o.modelMap ?? new Map(), warnings);
  if (models.length === 0) throw new KeelError('config_invalid', `${file}: no provider maps to a Keel model`);
  const defaultTest = (config.defaultTest ?? {}) as Record<string, unknown>;
  const defaultAssert = mapAsserts(defaultTest.assert, 'defaultTest', unsupported);
  const tests = importTests(loadTestSource(config.tests, dir, warnings), { dir, warnings, unsupported });
  if (tests.length === 0) throw new KeelError('config_invalid', `${file}: no tests to import`);
  const evalFile: Record<string, unknown> = { name: nameOf(config, file) };
  if (typeof config.description === 'string') evalFile.description = config.description;
  if (prompts.length > 0) evalFile.prompts = prompts.map(promptEntry);
  evalFile.models = models.map((m) =>
    m.id === m.model && Object.keys(m.params).length === 0
      ? m.model
      : { id: m.id, model: m.model, params: m.params },
  );
  if (usesJudge(tests, defaultAssert)) {
    const judge = judgeOf(config, o, models, warnings);
    if (judge) evalFile.judge = judge;
  }
  const dt: Record<string, unknown> = {};
  if (defaultTest.vars && typeof defaultTest.vars === 'object') dt.vars = defaultTest.vars;
  if (defaultAssert && defaultAssert.length > 0) dt.assert = defaultAssert;
  if (Object.keys(dt).length > 0) evalFile.defaultTest = dt;
  evalFile.tests = tests;
  const concurrency = (config.evaluateOptions as { maxConcurrency?: unknown } | undefined)?.maxConcurrency;
  if (typeof concurrency === 'number' && concurrency >= 1)
    evalFile.run = { concurrency: Math.floor(concurrency) };
  const header = `# Imported from ${basename(file)} by keel eval import-promptfoo.\n`;
  return {
    evalFile,
    yaml: header + stringify(evalFile, { lineWidth: 0 }),
    unsupported: unsupported.list(),
    warnings,
  };
}

export function importPromptfooFile(path: string, o: PromptfooImportOptions = {}): PromptfooImport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KeelError('config_invalid', `Cannot read ${path}`);
  }
  return importPromptfoo(text, path, o);
}

export function formatImportReport(r: PromptfooImport): string {
  const lines: string[] = [];
  const tests = (r.evalFile.tests as unknown[]).length;
  lines.push(
    `imported ${tests} test(s), ${(r.evalFile.models as unknown[]).length} model(s), ${((r.evalFile.prompts as unknown[]) ?? []).length} prompt(s)`,
  );
  if (r.unsupported.length > 0) {
    lines.push('unsupported assertions (left out):');
    for (const u of r.unsupported) lines.push(`  ${u.type}: ${u.reason} — in ${u.tests.join(', ')}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
