/**
 * Guardrails: scanners for the input, action, output and retrieval checkpoints, policies that run
 * them within a latency budget, mask-and-restore of personal data, and streaming output screening.
 * Other modules use the guard only through this file.
 */

export { bindingWarnings } from './binding-warnings.ts';
export type { GuardSection, GuardSectionInput } from './config.ts';
export { guardSectionSchema, guardStreamConfigSchema, policyConfigOf } from './config.ts';
export * from './mask/index.ts';
export * from './module/index.ts';
export type { NormalizedText } from './normalize/index.ts';
export { normalizeForDetection, toOriginalSpan } from './normalize/index.ts';
export * from './policy/index.ts';
export * from './quarantine/index.ts';
export { guardRedactor } from './redact.ts';
export * from './scanners/action/index.ts';
export * from './scanners/custom/index.ts';
export type { InjectionScanner, InjectionScannerOptions } from './scanners/injection/index.ts';
export { createInjectionScanner, defaultInjectionModel } from './scanners/injection/index.ts';
export * from './scanners/output/index.ts';
export * from './scanners/pii/index.ts';
export * from './scanners/secrets/index.ts';
export type { ToxicityScannerOptions } from './scanners/toxicity/index.ts';
export { createToxicityScanner, defaultToxicityModel } from './scanners/toxicity/index.ts';
export * from './stream/index.ts';
