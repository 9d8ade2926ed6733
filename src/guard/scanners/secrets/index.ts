export { shannonEntropy } from './entropy.ts';
export type { ConvertedRegex } from './go-regex.ts';
export { convertGoRegex } from './go-regex.ts';
export type { CompiledRule, RuleScan, RuleSet, SecretFinding } from './rules.ts';
export { builtinRuleSet, loadRuleSet } from './rules.ts';
export type { ExpectedFinding, SecretsEvalReport } from './secrets-eval.ts';
export { runSecretsEval } from './secrets-eval.ts';
export type { SecretsDetection, SecretsScannerOptions } from './secrets-scanner.ts';
export {
  createSecretsScanner,
  detectSecrets,
  detectSecretsDetailed,
  redactSecrets,
} from './secrets-scanner.ts';
