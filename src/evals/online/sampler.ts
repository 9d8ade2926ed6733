import type { OnlineRule } from '../config.ts';

/** What a rule's filter sees of a request. */
export interface RequestFacts {
  model: string;
  feature: string | null;
  tags: readonly string[];
}

const list = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

export function ruleMatches(rule: OnlineRule, facts: RequestFacts): boolean {
  const models = list(rule.filter.model);
  if (models && !models.includes(facts.model)) return false;
  const features = list(rule.filter.feature);
  if (features && (facts.feature === null || !features.includes(facts.feature))) return false;
  if (rule.filter.tags && !rule.filter.tags.every((t) => facts.tags.includes(t))) return false;
  return true;
}

/** The rules that pick this request: each matching rule samples independently at its rate. */
export function sampleRules(
  rules: readonly OnlineRule[],
  facts: RequestFacts,
  random: () => number = Math.random,
): OnlineRule[] {
  const picked: OnlineRule[] = [];
  for (const rule of rules) {
    if (rule.sample <= 0 || !ruleMatches(rule, facts)) continue;
    if (rule.sample >= 1 || random() < rule.sample) picked.push(rule);
  }
  return picked;
}
