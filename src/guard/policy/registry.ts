import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import type { Scanner } from '../../spec/scanner.ts';
import {
  createConsistencyScanner,
  createDangerousArgsScanner,
  createToolAllowlistScanner,
  createToolArgsSchemaScanner,
} from '../scanners/action/index.ts';
import { createCustomRegexScanner, createKeywordListScanner } from '../scanners/custom/index.ts';
import { createInjectionScanner } from '../scanners/injection/index.ts';
import { createJudgeScanner } from '../scanners/judge/index.ts';
import {
  createJsonSchemaScanner,
  createPromptLeakageScanner,
  createUrlAllowlistScanner,
} from '../scanners/output/index.ts';
import { createPiiScanner, PII_ENTITIES } from '../scanners/pii/index.ts';
import { createSecretsScanner } from '../scanners/secrets/index.ts';
import { createToxicityScanner, PROFANITY_MODES } from '../scanners/toxicity/index.ts';

/**
 * Scanner types a policy can name. Each entry validates its options with zod (so a typo in
 * keel.yaml is a config error, not a silently default scanner) and builds a configured instance.
 */

export interface ScannerFactory {
  description: string;
  options: z.ZodType<Record<string, unknown>>;
  create(options: Record<string, unknown>, id: string): Scanner;
}

const unit = z.number().min(0).max(1);

function factory<S extends z.ZodType<Record<string, unknown>>>(
  description: string,
  options: S,
  create: (o: z.infer<S>, id: string) => Scanner,
): ScannerFactory {
  return {
    description,
    options,
    create(o, id) {
      const parsed = options.safeParse(o);
      if (!parsed.success) throw optionsError(parsed.error);
      return create(parsed.data as z.infer<S>, id);
    },
  };
}

/** Bad options as one `options.path: message` issue each (prefixed with the step's place by createGuard). */
export function optionsError(error: z.ZodError): KeelError {
  const issues = error.issues.map((i) => ({
    path: ['options', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  return new KeelError('config_invalid', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), {
    details: { issues },
  });
}

export function builtinScannerFactories(): Record<string, ScannerFactory> {
  return {
    injection: factory(
      'prompt injection / jailbreak (normalisation, phrases, heuristics, classifier)',
      z.strictObject({
        threshold: unit.optional(),
        flagThreshold: unit.optional(),
        /** Score every text with the classifier, also when it cannot change the verdict. */
        scoreAlways: z.boolean().optional(),
        /** The lone classifier's threshold where no rule fires (default: its model's; 1 = off; docs/guard.md). */
        classifierAloneThreshold: unit.optional(),
        /** Also screen system and developer messages (default false: they are the operator's own). */
        screenSystemPrompts: z.boolean().optional(),
        maxScanChars: z.number().int().min(256).optional(),
      }),
      (o, id) => createInjectionScanner({ ...o, id }),
    ),
    toxicity: factory(
      'toxic / hateful language (lexicon + classifier)',
      z.strictObject({
        threshold: unit.optional(),
        flagThreshold: unit.optional(),
        maxScanChars: z.number().int().min(256).optional(),
        profanity: z.enum(PROFANITY_MODES).optional(),
      }),
      (o, id) => createToxicityScanner({ ...o, id }),
    ),
    pii: factory(
      'personal data: email, phone, card, IBAN, SSN, IP, date of birth, address, person',
      z.strictObject({
        entities: z.array(z.enum(PII_ENTITIES)).optional(),
        minScore: unit.optional(),
        decode: z.boolean().optional(),
      }),
      (o, id) => createPiiScanner({ ...o, id }),
    ),
    secrets: factory(
      'credentials: gitleaks-derived provider rules, private keys, JWTs, connection strings, high entropy',
      z.strictObject({
        blockThreshold: unit.optional(),
        decodeBase64: z.boolean().optional(),
        entropy: z.boolean().optional(),
        budgetMs: z.number().min(1).max(10_000).optional(),
      }),
      (o, id) => createSecretsScanner({ ...o, id }),
    ),
    judge: factory(
      'a chat model asked whether the text meets plain-language criteria (default: prompt injection)',
      z
        .strictObject({
          model: z.string().min(1).max(200),
          criteria: z.string().min(1).max(4000).optional(),
          preset: z.enum(['injection', 'toxicity']).optional(),
          threshold: unit.optional(),
          maxChars: z.number().int().min(256).max(200_000).optional(),
          cacheSize: z.number().int().min(0).max(100_000).optional(),
          checkpoints: z
            .array(z.enum(['input', 'retrieval']))
            .min(1)
            .optional(),
        })
        .refine(
          (o) => o.criteria === undefined || o.preset === undefined,
          'set criteria or preset, not both',
        ),
      (o, id) => createJudgeScanner({ ...o, id }),
    ),
    'json-schema': factory(
      'answer must be JSON matching a schema (request response_format or configured)',
      z.strictObject({
        schema: z.record(z.string(), z.unknown()).optional(),
        allowCodeFence: z.boolean().optional(),
        requireJson: z.boolean().optional(),
      }),
      (o, id) => createJsonSchemaScanner({ ...o, id }),
    ),
    'url-allowlist': factory(
      'links only to allowed domains',
      z.strictObject({ allow: z.array(z.string().min(1)).min(1) }),
      (o, id) => createUrlAllowlistScanner({ ...o, id }),
    ),
    'prompt-leakage': factory(
      'answer reproduces the system prompt',
      z.strictObject({
        n: z.number().int().min(2).max(20).optional(),
        blockAt: unit.optional(),
        flagAt: unit.optional(),
        longestRunBlocks: z.number().int().min(5).optional(),
      }),
      (o, id) => createPromptLeakageScanner({ ...o, id }),
    ),
    'tool-allowlist': factory(
      'tool calls only to allowed tool names',
      z.strictObject({ allow: z.array(z.string().min(1)) }),
      (o, id) => createToolAllowlistScanner({ ...o, id }),
    ),
    'tool-args-schema': factory(
      "tool arguments must match the tool's declared parameters",
      z.strictObject({ requireDeclared: z.boolean().optional() }),
      (o, id) => createToolArgsSchemaScanner({ ...o, id }),
    ),
    'dangerous-args': factory(
      'shell, SQL, path traversal and URL patterns in tool arguments',
      z.strictObject({
        categories: z.array(z.enum(['shell', 'sql', 'path', 'url'])).optional(),
        allowDomains: z.array(z.string().min(1)).optional(),
      }),
      (o, id) => createDangerousArgsScanner({ ...o, id }),
    ),
    'action-consistency': factory(
      "tool call mentions things absent from the user's request",
      z.strictObject({ flagAt: unit.optional(), verdict: z.enum(['flag', 'block']).optional() }),
      (o, id) => createConsistencyScanner({ ...o, id }),
    ),
    keywords: factory(
      'banned topics / keyword lists (normalised, whole words)',
      z.strictObject({
        topics: z
          .array(z.strictObject({ name: z.string().min(1), keywords: z.array(z.string().min(1)).min(1) }))
          .min(1),
        verdict: z.enum(['block', 'flag']).optional(),
      }),
      (o, id) => createKeywordListScanner({ ...o, id }),
    ),
    regex: factory(
      'custom regular expressions (compiled once; nested quantifiers refused)',
      z.strictObject({
        patterns: z
          .array(
            z.strictObject({
              name: z.string().min(1),
              pattern: z.string().min(1),
              flags: z.string().optional(),
            }),
          )
          .min(1),
        verdict: z.enum(['block', 'flag']).optional(),
        maxChars: z.number().int().min(1).optional(),
      }),
      (o, id) => createCustomRegexScanner({ ...o, id }),
    ),
  };
}

/**
 * One default-configured instance of every built-in scanner that needs no options, keyed by id
 * (scanners that require options — allow-lists, keyword lists, regexes — are left out).
 */
export function builtinScanners(options: Record<string, Record<string, unknown>> = {}): Map<string, Scanner> {
  const out = new Map<string, Scanner>();
  for (const [name, f] of Object.entries(builtinScannerFactories())) {
    const given = options[name];
    const parsed = f.options.safeParse(given ?? {});
    if (!parsed.success) {
      if (given) f.options.parse(given); // surface the option error for explicitly configured scanners
      continue;
    }
    out.set(name, f.create(parsed.data, name));
  }
  return out;
}
