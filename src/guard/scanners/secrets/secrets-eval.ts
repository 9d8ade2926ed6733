import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { detectSecrets } from './secrets-scanner.ts';

/**
 * Checks the secrets scanner against detect-secrets' fixtures (Yelp/detect-secrets, Apache-2.0):
 * `baseline.file` lists the expected findings as (file, line, type, sha1 of the secret). For each
 * expected finding whose fixture was copied, the secret is located by its hash and counts as caught
 * when a finding of ours touches a line the secret is on (the baseline's own granularity). A hash
 * that matches no text in the copied fixture (the fixture changed after the baseline was generated)
 * is reported as `absent`, not as caught.
 */

const baselineSchema = z.object({
  results: z.record(
    z.string(),
    z.array(z.object({ hashed_secret: z.string(), line_number: z.number(), type: z.string() })),
  ),
});

export interface ExpectedFinding {
  file: string;
  line: number;
  type: string;
  status: 'caught' | 'missed' | 'absent';
}

export interface SecretsEvalReport {
  source: string;
  expected: number;
  caught: number;
  missed: number;
  /** Expected findings whose secret does not occur in the copied fixture. */
  absent: number;
  /** Findings in fixtures the baseline lists under files that were not copied (code files). */
  notCopied: number;
  recall: number;
  findings: ExpectedFinding[];
  /** Our findings on lines the baseline expects nothing on (not necessarily wrong: see docs). */
  extraFindings: number;
  latencyMs: { maxPerFile: number };
}

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/** Lines (1-based) on which some substring hashing to `hash` occurs. */
function linesOfSecret(text: string, hash: string): number[] {
  const lines = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    for (let j = i + 1; j <= Math.min(text.length, i + 200); j++) {
      if (sha1(text.slice(i, j)) === hash) lines.add(text.slice(0, i).split('\n').length);
    }
  }
  return [...lines];
}

function findingLines(text: string, spans: { start: number; end: number }[]): Set<number> {
  const lines = new Set<number>();
  for (const s of spans) {
    const first = text.slice(0, s.start).split('\n').length;
    const last = text.slice(0, Math.max(s.start, s.end - 1)).split('\n').length;
    for (let l = first; l <= last; l++) lines.add(l);
  }
  return lines;
}

/** `dataDir` is the shared data root (…/shared/data) or the detect-secrets fixture folder. */
export function runSecretsEval(dataDir: string): SecretsEvalReport {
  const root = existsSync(join(dataDir, 'baseline.file'))
    ? dataDir
    : join(dataDir, 'guard/secrets/detect-secrets');
  const baseline = baselineSchema.parse(JSON.parse(readFileSync(join(root, 'baseline.file'), 'utf8')));
  const findings: ExpectedFinding[] = [];
  let notCopied = 0;
  let extraFindings = 0;
  let maxPerFile = 0;
  for (const [file, expected] of Object.entries(baseline.results)) {
    const path = join(root, file);
    if (!existsSync(path)) {
      notCopied += expected.length;
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const t0 = performance.now();
    const detected = detectSecrets(text);
    maxPerFile = Math.max(maxPerFile, performance.now() - t0);
    const hitLines = findingLines(text, detected);
    const expectedLines = new Set<number>();
    for (const e of expected) {
      const lines = linesOfSecret(text, e.hashed_secret);
      for (const l of lines) expectedLines.add(l);
      const status = lines.length === 0 ? 'absent' : lines.some((l) => hitLines.has(l)) ? 'caught' : 'missed';
      findings.push({ file, line: e.line_number, type: e.type, status });
    }
    extraFindings += [...hitLines].filter((l) => !expectedLines.has(l)).length;
  }
  const count = (s: ExpectedFinding['status']) => findings.filter((f) => f.status === s).length;
  const caught = count('caught');
  const missed = count('missed');
  return {
    source: 'Yelp/detect-secrets test_data (Apache-2.0)',
    expected: findings.length,
    caught,
    missed,
    absent: count('absent'),
    notCopied,
    recall: caught + missed === 0 ? 0 : Math.round((caught / (caught + missed)) * 1000) / 1000,
    findings,
    extraFindings,
    latencyMs: { maxPerFile: Math.round(maxPerFile * 1000) / 1000 },
  };
}
