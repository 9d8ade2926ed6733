import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { mapSpan, stripInvisible } from '../pii/invisible.ts';
import { keepBestNonOverlapping } from '../pii/overlaps.ts';
import { builtinRuleSet, type RuleSet, type SecretFinding } from './rules.ts';
import {
  detectAssignments,
  detectConnectionStrings,
  detectHighEntropy,
  detectJwts,
  detectPrivateKeys,
  detectSkKeys,
  detectWebhookUrls,
} from './structural.ts';
import { tokenRuns } from './token-runs.ts';

export interface SecretsScannerOptions {
  id?: string;
  /** Findings at or above this score block; weaker ones (bare high-entropy runs) only flag. Default 0.6. */
  blockThreshold?: number;
  /** Look for secrets inside base64 runs (one level). Default true. */
  decodeBase64?: boolean;
  /** High-entropy detection for tokens that match no rule. Default true. */
  entropy?: boolean;
  /** Rule set (default: the built-in gitleaks-derived rules). */
  rules?: RuleSet;
  /** Time after which remaining rules are skipped and the result says so (default 50 ms + 0.2 ms/KB). */
  budgetMs?: number;
}

export interface SecretsDetection {
  findings: SecretFinding[];
  /** False when the budget ran out: the caller should not treat "no findings" as clean. */
  complete: boolean;
}

/** Base64 runs worth decoding (a run straight after "=" is one too: `token=<base64>`). */
const BASE64_RUN = { minLength: 24, maxLength: 4096, notAfterEquals: false };
const MAX_DECODED_RUNS = 32;

/** Decodes base64 runs whose content is mostly printable text and scans that text too. */
function scanDecoded(text: string, rules: RuleSet, out: SecretFinding[]): void {
  let runs = 0;
  for (const run of tokenRuns(text, BASE64_RUN)) {
    if (++runs > MAX_DECODED_RUNS) break;
    const encoded = text.slice(run.start, run.end);
    const decoded = Buffer.from(
      encoded,
      encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64',
    ).toString('latin1');
    let printable = 0;
    for (let i = 0; i < decoded.length; i++) {
      const c = decoded.charCodeAt(i);
      if ((c >= 32 && c < 127) || c === 10 || c === 13 || c === 9) printable++;
    }
    if (decoded.length < 12 || printable / decoded.length < 0.95) continue;
    const inner: SecretFinding[] = rules.scan(decoded, { budgetMs: 5 }).findings;
    detectPrivateKeys(decoded, inner);
    detectJwts(decoded, inner);
    detectConnectionStrings(decoded, inner);
    detectSkKeys(decoded, inner);
    detectWebhookUrls(decoded, inner);
    const best = inner.reduce<SecretFinding | undefined>(
      (a, f) => (a && a.score >= f.score ? a : f),
      undefined,
    );
    // The finding covers the whole encoded run: that is what has to be redacted.
    if (best)
      out.push({
        start: run.start,
        end: run.end,
        type: `${best.type}(base64)`,
        score: best.score,
      });
  }
}

/** Overlapping findings collapse into the strongest one. */
function dedupe(findings: SecretFinding[]): SecretFinding[] {
  return keepBestNonOverlapping(findings, (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
}

/** All secret findings in `text`, offsets in the original text. */
export function detectSecrets(text: string, options: SecretsScannerOptions = {}): SecretFinding[] {
  return detectSecretsDetailed(text, options).findings;
}

export function detectSecretsDetailed(text: string, options: SecretsScannerOptions = {}): SecretsDetection {
  if (text.length === 0) return { findings: [], complete: true };
  const rules = options.rules ?? builtinRuleSet();
  const stripped = stripInvisible(text);
  const t = stripped.text;
  const budgetMs = options.budgetMs ?? 50 + t.length / 5000;
  const ruleScan = rules.scan(t, { budgetMs });
  const found: SecretFinding[] = ruleScan.findings;
  detectPrivateKeys(t, found);
  detectJwts(t, found);
  detectConnectionStrings(t, found);
  detectSkKeys(t, found);
  detectWebhookUrls(t, found);
  if (options.entropy !== false) {
    detectAssignments(t, found);
    detectHighEntropy(t, found);
  }
  if (options.decodeBase64 !== false) scanDecoded(t, rules, found);
  const findings = dedupe(found).map((f) => ({ ...f, ...mapSpan(stripped, f.start, f.end) }));
  return { findings, complete: ruleScan.complete };
}

export function redactSecrets(text: string, findings: readonly SecretFinding[]): string {
  let out = '';
  let last = 0;
  for (const f of findings) {
    out += `${text.slice(last, f.start)}[REDACTED:${f.type}]`;
    last = f.end;
  }
  return out + text.slice(last);
}

export function createSecretsScanner(options: SecretsScannerOptions = {}): Scanner {
  const threshold = options.blockThreshold ?? 0.6;
  // Compile the rules now, not on the first request.
  const resolved: SecretsScannerOptions = { ...options, rules: options.rules ?? builtinRuleSet() };
  return {
    specVersion: 'v1',
    id: options.id ?? 'secrets',
    checkpoints: ['input', 'output', 'action', 'retrieval'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      const text = input.kind === 'text' ? input.text : input.call.function.arguments;
      const { findings, complete } = detectSecretsDetailed(text, resolved);
      if (findings.length === 0) {
        return complete
          ? { verdict: 'pass', score: 0 }
          : { verdict: 'flag', score: 0.5, reason: 'secret scan incomplete: time budget exceeded' };
      }
      // A loop, not Math.max(...): a spread of >~120k findings overflows the stack.
      const score = findings.reduce((max, f) => Math.max(max, f.score), 0);
      const types = [...new Set(findings.map((f) => f.type))].sort();
      return {
        verdict: score >= threshold ? 'block' : 'flag',
        score,
        spans: findings.map((f) => ({ start: f.start, end: f.end, type: f.type, score: f.score })),
        redacted: redactSecrets(text, findings),
        // Rule ids only: the matched text must never reach records, logs or errors.
        reason: `secret detected: ${types.join(', ')}`,
      };
    },
  };
}
