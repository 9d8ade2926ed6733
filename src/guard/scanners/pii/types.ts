/** Entity types, named as Presidio names them so evaluations against Presidio data line up. */
export const PII_ENTITIES = [
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'IP_ADDRESS',
  'DATE_OF_BIRTH',
  'DATE_TIME',
  'ADDRESS',
  'PERSON',
] as const;
export type PiiEntity = (typeof PII_ENTITIES)[number];

/**
 * What a PII scanner or mask looks for when its config names no entities: everything except
 * DATE_TIME (any date or time), which would mask every deadline and meeting day in ordinary
 * prompts. Dates of birth are screened by default.
 */
export const DEFAULT_PII_ENTITIES: readonly PiiEntity[] = PII_ENTITIES.filter((e) => e !== 'DATE_TIME');

export interface PiiSpan {
  start: number;
  end: number;
  type: PiiEntity;
  /** 0..1; detectors emit below 0.5 for candidates that need context to count. */
  score: number;
}

/** A detector finds candidate spans in (invisible-stripped) text. Pure and synchronous. */
export type PiiDetector = (text: string) => PiiSpan[];

/** Looks back up to `window` characters before `index` for any of the context words. */
export function hasContextBefore(text: string, index: number, words: RegExp, window = 40): boolean {
  const from = Math.max(0, index - window);
  words.lastIndex = 0;
  return words.test(text.slice(from, index));
}
