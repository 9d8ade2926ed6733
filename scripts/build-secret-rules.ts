/**
 * Builds src/guard/scanners/secrets/rules.json from the gitleaks default rule set
 * (../shared/data/guard/secrets/gitleaks.toml, MIT, © Zachary Rice and gitleaks contributors).
 *
 *   npx node scripts/build-secret-rules.ts [--source FILE] [--out FILE]
 *
 * Each rule's Go regex is converted to JavaScript (see go-regex.ts) and compile-checked; rules that
 * cannot be converted, rules that only match file paths, and rules restricted to a file path (a
 * prompt has no path) are skipped and listed with the reason, so the count is honest. Allowlist
 * entries that need a path are dropped for the same reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ConvertedRegex, convertGoRegex } from '../src/guard/scanners/secrets/go-regex.ts';
import { parseToml, type TomlTable, type TomlValue } from '../src/guard/scanners/secrets/mini-toml.ts';

const { values: args } = parseArgs({ options: { source: { type: 'string' }, out: { type: 'string' } } });
const sourceFile =
  args.source ?? new URL('../../shared/data/guard/secrets/gitleaks.toml', import.meta.url).pathname;
const outFile = args.out ?? new URL('../src/guard/scanners/secrets/rules.json', import.meta.url).pathname;

interface OutAllowlist {
  target: 'secret' | 'match' | 'line';
  regexes: ConvertedRegex[];
  stopwords: string[];
}
interface OutRule {
  id: string;
  description: string;
  regex: ConvertedRegex;
  keywords: string[];
  entropy?: number;
  secretGroup?: number;
  allowlists: OutAllowlist[];
}
interface Skipped {
  id: string;
  reason: string;
}

const str = (v: TomlValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: TomlValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const tables = (v: TomlValue | undefined): TomlTable[] =>
  Array.isArray(v) ? v.filter((x): x is TomlTable => typeof x === 'object' && !Array.isArray(x)) : [];

function convertAllowlist(table: TomlTable, ruleId: string, skipped: Skipped[]): OutAllowlist | undefined {
  const needsPath = strings(table.paths).length > 0;
  const regexes = strings(table.regexes);
  const stopwords = strings(table.stopwords).map((w) => w.toLowerCase());
  // An AND allowlist with paths can never hold without a path; an OR one keeps its non-path parts.
  if (needsPath && (str(table.condition) ?? 'OR').toUpperCase() === 'AND') return undefined;
  if (regexes.length === 0 && stopwords.length === 0) return undefined;
  const converted: ConvertedRegex[] = [];
  for (const source of regexes) {
    try {
      converted.push(convertGoRegex(source));
    } catch (error) {
      skipped.push({ id: `${ruleId} (allowlist regex)`, reason: (error as Error).message });
    }
  }
  const target = str(table.regexTarget) ?? 'secret';
  if (target !== 'secret' && target !== 'match' && target !== 'line') return undefined;
  return { target, regexes: converted, stopwords };
}

function convertRule(table: TomlTable, skipped: Skipped[], allowSkipped: Skipped[]): OutRule | undefined {
  const id = str(table.id) ?? '(unnamed)';
  const regex = str(table.regex);
  if (!regex) {
    skipped.push({ id, reason: 'path-only rule (a prompt has no file path)' });
    return undefined;
  }
  if (str(table.path)) {
    skipped.push({ id, reason: 'restricted to a file path (a prompt has no file path)' });
    return undefined;
  }
  let converted: ConvertedRegex;
  try {
    converted = convertGoRegex(regex);
  } catch (error) {
    skipped.push({ id, reason: `regex not convertible to JavaScript: ${(error as Error).message}` });
    return undefined;
  }
  const allowlists = tables(table.allowlists)
    .map((a) => convertAllowlist(a, id, allowSkipped))
    .filter((a): a is OutAllowlist => a !== undefined);
  const rule: OutRule = {
    id,
    description: str(table.description) ?? id,
    regex: converted,
    keywords: strings(table.keywords).map((k) => k.toLowerCase()),
    allowlists,
  };
  if (typeof table.entropy === 'number') rule.entropy = table.entropy;
  if (typeof table.secretGroup === 'number') rule.secretGroup = table.secretGroup;
  return rule;
}

function main(): void {
  const doc = parseToml(readFileSync(sourceFile, 'utf8'));
  const skipped: Skipped[] = [];
  const allowSkipped: Skipped[] = [];
  const sourceRules = tables(doc.rules);
  const rules = sourceRules
    .map((t) => convertRule(t, skipped, allowSkipped))
    .filter((r): r is OutRule => r !== undefined);
  const globalTable = doc.allowlist;
  const globalAllowlist =
    typeof globalTable === 'object' && !Array.isArray(globalTable)
      ? convertAllowlist({ ...globalTable, paths: [] }, 'global', allowSkipped)
      : undefined;
  const out = {
    attribution: {
      source: 'https://github.com/gitleaks/gitleaks (config/gitleaks.toml)',
      commit: 'b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b',
      license: 'MIT',
      copyright: 'Copyright (c) 2019 Zachary Rice',
      note: 'Derived by scripts/build-secret-rules.ts: Go regexes converted to JavaScript; do not edit by hand.',
    },
    stats: {
      sourceRules: sourceRules.length,
      converted: rules.length,
      skipped: skipped.length,
      skippedAllowlistRegexes: allowSkipped.length,
    },
    skipped: [...skipped, ...allowSkipped],
    globalAllowlist: globalAllowlist ?? { target: 'secret', regexes: [], stopwords: [] },
    rules,
  };
  writeFileSync(outFile, `${JSON.stringify(out, null, 1)}\n`);
  process.stdout.write(
    `secret rules: ${rules.length}/${sourceRules.length} converted, ${skipped.length} skipped, ` +
      `${allowSkipped.length} allowlist regexes skipped → ${outFile}\n`,
  );
  for (const s of [...skipped, ...allowSkipped]) process.stdout.write(`  skipped ${s.id}: ${s.reason}\n`);
}

main();
