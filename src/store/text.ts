import { KeelError } from '../errors/index.ts';
import type { RequestRecord } from '../spec/index.ts';

/**
 * Text both databases can hold: no NUL (node:sqlite truncates at it, Postgres rejects it) and no
 * lone UTF-16 surrogates (Postgres jsonb rejects them). Both become U+FFFD, on every backend alike.
 */

const REPLACEMENT = '\uFFFD';

export function cleanText(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return wellFormed.includes('\0') ? wellFormed.replaceAll('\0', REPLACEMENT) : wellFormed;
}

export function cleanNullable(value: string | null): string | null {
  return value === null ? null : cleanText(value);
}

function cleanDeep(value: unknown, clean: (text: string) => string = cleanText): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v, clean));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[clean(key)] = cleanDeep(inner, clean);
    return out;
  }
  return value;
}

// JSON.stringify escapes NUL as \u0000 and lone surrogates as \udXXX; well-formed pairs come out
// as raw characters, so this only matches when cleaning is (probably) needed.
const NEEDS_CLEANING = /\\u0000|\\ud[89a-f]/i;

/**
 * JSON text with every string (keys too) passed through `clean`, when it needs it; text that is not
 * JSON is returned as it is (the database will say what is wrong with it).
 */
export function cleanJsonText(text: string, clean: (text: string) => string = cleanText): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  try {
    return JSON.stringify(cleanDeep(JSON.parse(text), clean));
  } catch {
    return text;
  }
}

/** JSON text of `value` with all strings (keys included) cleaned. */
export function cleanJson(value: unknown, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    throw new KeelError('invalid_request', `Invalid request record: ${field} is not JSON-serialisable`);
  }
  return NEEDS_CLEANING.test(json) ? JSON.stringify(cleanDeep(JSON.parse(json))) : json;
}

/** A record's values as both backends store them: cleaned text, JSON for tags and metadata. */
export interface StoredRecord {
  record: RequestRecord;
  model: string;
  deployment: string | null;
  provider: string | null;
  upstreamModel: string | null;
  errorCode: string | null;
  tenant: string;
  user: string | null;
  session: string | null;
  feature: string | null;
  tagsJson: string;
  metadataJson: string;
}

export function toStored(record: RequestRecord): StoredRecord {
  return {
    record,
    model: cleanText(record.model),
    deployment: cleanNullable(record.deployment),
    provider: cleanNullable(record.provider),
    upstreamModel: cleanNullable(record.upstreamModel),
    errorCode: cleanNullable(record.errorCode),
    tenant: cleanText(record.tenant),
    user: cleanNullable(record.user),
    session: cleanNullable(record.session),
    feature: cleanNullable(record.feature),
    tagsJson: cleanJson(record.tags, 'tags'),
    metadataJson: cleanJson(record.metadata, 'metadata'),
  };
}
