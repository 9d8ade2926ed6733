import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shannonEntropy } from './entropy.ts';
import { KeywordIndex } from './keyword-index.ts';
import { isPlaceholder } from './placeholder.ts';

/**
 * The gitleaks-derived provider rules (rules.json, built by scripts/build-secret-rules.ts from the
 * MIT-licensed gitleaks config). Applied the way gitleaks applies them: keyword prefilter, regex,
 * secret group, entropy floor (plus a digit for generic rules), then global and rule allowlists.
 */

const regexSchema = z.object({ source: z.string(), flags: z.string(), keyPrefix: z.boolean().optional() });
const allowlistSchema = z.object({
  target: z.enum(['secret', 'match', 'line']),
  regexes: z.array(regexSchema),
  stopwords: z.array(z.string()),
});
const rulesFileSchema = z.object({
  stats: z.object({ sourceRules: z.number(), converted: z.number(), skipped: z.number() }),
  globalAllowlist: allowlistSchema,
  rules: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      regex: regexSchema,
      keywords: z.array(z.string()),
      entropy: z.number().optional(),
      secretGroup: z.number().optional(),
      allowlists: z.array(allowlistSchema),
    }),
  ),
});

interface Allowlist {
  target: 'secret' | 'match' | 'line';
  regexes: RegExp[];
  stopwords: string[];
}

export interface CompiledRule {
  id: string;
  regex: RegExp;
  /** The build removed gitleaks' key-name prefix; 'match' allowlists get it back by looking behind. */
  keyPrefix: boolean;
  keywords: readonly string[];
  entropy?: number;
  secretGroup?: number;
  allowlists: Allowlist[];
}

export interface SecretFinding {
  start: number;
  end: number;
  /** Rule id (gitleaks id, or one of Keel's own: private-key, jwt, connection-string-password…). */
  type: string;
  score: number;
}

export interface RuleScan {
  findings: SecretFinding[];
  /** False when the time budget ran out before every triggered rule ran. */
  complete: boolean;
}

export interface RuleSet {
  rules: readonly CompiledRule[];
  stats: { sourceRules: number; converted: number; skipped: number };
  /**
   * Runs the rules whose keywords occur in `text`. Regexes cannot be interrupted, so the budget is
   * checked between rules; each rule's own cost is bounded by the build (see go-regex.ts).
   */
  scan(text: string, options?: { budgetMs?: number }): RuleScan;
}

const compileAllowlist = (a: z.infer<typeof allowlistSchema>): Allowlist => ({
  target: a.target,
  regexes: a.regexes.map((r) => new RegExp(r.source, r.flags)),
  stopwords: a.stopwords,
});

function lineAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  return text.slice(from, to < 0 ? text.length : to);
}

function allowed(
  lists: readonly Allowlist[],
  parts: { secret: string; match: string; line: () => string },
): boolean {
  const lowerSecret = parts.secret.toLowerCase();
  for (const list of lists) {
    const target =
      list.target === 'secret' ? parts.secret : list.target === 'match' ? parts.match : parts.line();
    if (list.regexes.some((re) => re.test(target))) return true;
    if (list.stopwords.some((w) => lowerSecret.includes(w))) return true;
  }
  return false;
}

/** Up to 50 key-name characters (`[\w.-]`) right before `index`. */
function keyNameBefore(text: string, index: number): string {
  let from = index;
  while (from > 0 && index - from < 50 && /[\w.-]/.test(text[from - 1] as string)) from--;
  return text.slice(from, index);
}

/** Picks the secret out of a match: the configured group, else the first non-empty group. */
function secretRange(m: RegExpExecArray, group: number | undefined): [number, number] {
  const indices = m.indices;
  if (group !== undefined && indices?.[group]) return indices[group] as [number, number];
  for (let g = 1; indices && g < indices.length; g++) {
    const range = indices[g];
    if (range && range[1] > range[0]) return range;
  }
  return [m.index, m.index + m[0].length];
}

function runRule(rule: CompiledRule, text: string, global: Allowlist, out: SecretFinding[]): void {
  rule.regex.lastIndex = 0;
  for (let m = rule.regex.exec(text); m; m = rule.regex.exec(text)) {
    if (m[0].length === 0) {
      rule.regex.lastIndex++;
      continue;
    }
    const [start, end] = secretRange(m, rule.secretGroup);
    const secret = text.slice(start, end);
    if (rule.entropy !== undefined && shannonEntropy(secret) <= rule.entropy) continue;
    if (rule.entropy !== undefined && rule.id.startsWith('generic') && !/\d/.test(secret)) continue;
    // "Authorization: Bearer YOUR_TOKEN" in a curl example is documentation, not a credential.
    if (isPlaceholder(secret)) continue;
    const index = m.index;
    const match = rule.keyPrefix ? keyNameBefore(text, index) + m[0] : m[0];
    const parts = { secret, match, line: () => lineAround(text, index, index + m[0].length) };
    if (allowed([global], parts) || allowed(rule.allowlists, parts)) continue;
    // Generic keyword=value rules are weaker evidence than a provider's own key format.
    const score = rule.id.startsWith('generic') ? 0.7 : 0.95;
    out.push({ start, end, type: rule.id, score });
  }
}

export function loadRuleSet(file = new URL('./rules.json', import.meta.url)): RuleSet {
  const parsed = rulesFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const rules: CompiledRule[] = parsed.rules.map((r) => ({
    id: r.id,
    regex: new RegExp(r.regex.source, `${r.regex.flags}gd`),
    keyPrefix: r.regex.keyPrefix === true,
    keywords: r.keywords,
    ...(r.entropy !== undefined ? { entropy: r.entropy } : {}),
    ...(r.secretGroup !== undefined ? { secretGroup: r.secretGroup } : {}),
    allowlists: r.allowlists.map(compileAllowlist),
  }));
  const global = compileAllowlist(parsed.globalAllowlist);
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  const index = new KeywordIndex(keywords);
  const rulesByKeyword = keywords.map((kw) => rules.filter((r) => r.keywords.includes(kw)));
  const alwaysRun = rules.filter((r) => r.keywords.length === 0);
  return {
    rules,
    stats: parsed.stats,
    scan(text: string, options: { budgetMs?: number } = {}): RuleScan {
      const deadline = performance.now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
      const active = new Set<CompiledRule>(alwaysRun);
      for (const id of index.find(text.toLowerCase()))
        for (const r of rulesByKeyword[id] ?? []) active.add(r);
      const findings: SecretFinding[] = [];
      for (const rule of active) {
        if (performance.now() > deadline) return { findings, complete: false };
        runRule(rule, text, global, findings);
      }
      return { findings, complete: true };
    },
  };
}

let shared: RuleSet | undefined;
/** The built-in rule set, compiled once per process. */
export function builtinRuleSet(): RuleSet {
  shared ??= loadRuleSet();
  return shared;
}
