import { assignmentMatches } from './assignment-matches.ts';
import { judgeToken } from './entropy.ts';
import { isPlaceholder } from './placeholder.ts';
import type { SecretFinding } from './rules.ts';
import { tokenRuns } from './token-runs.ts';

/**
 * Keel's own secret detectors, next to the gitleaks rules: private key blocks (header alone is
 * enough; a truncated key is still a leak), JWTs (header must decode to JSON with "alg"),
 * connection strings carrying a password, `secret_key = value` assignments, and high-entropy
 * tokens (see entropy.ts for where the thresholds come from).
 */

const PRIVATE_KEY = /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_END = /-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g;

export function detectPrivateKeys(text: string, out: SecretFinding[]): void {
  if (!text.includes('PRIVATE KEY')) return;
  for (const m of text.matchAll(PRIVATE_KEY)) {
    KEY_END.lastIndex = m.index + m[0].length;
    const end = KEY_END.exec(text);
    const stop =
      end && end.index - m.index < 20_000 ? end.index + end[0].length : bodyEnd(text, m.index + m[0].length);
    out.push({ start: m.index, end: stop, type: 'private-key', score: 0.99 });
  }
}

/** Without an END line, the key body is the following base64 lines. */
function bodyEnd(text: string, from: number): number {
  const body = /^(?:\r?\n[A-Za-z0-9+/=:\- ]*)*/.exec(text.slice(from, from + 20_000));
  return from + (body?.[0].length ?? 0);
}

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g;

export function detectJwts(text: string, out: SecretFinding[]): void {
  if (!text.includes('eyJ')) return;
  for (const m of text.matchAll(JWT)) {
    const header = m[0].slice(0, m[0].indexOf('.'));
    try {
      const decoded: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
      if (typeof decoded !== 'object' || decoded === null || !('alg' in decoded)) continue;
    } catch {
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, type: 'jwt', score: 0.9 });
  }
}

// OpenAI-style `sk-…` keys in formats newer or looser than the gitleaks rules (many OpenAI-compatible
// providers issue them too).
const SK_KEY = /\bsk-(?:proj-|svcacct-|admin-|ant-[a-z]+\d\d-)?[A-Za-z0-9_-]{32,256}(?![A-Za-z0-9_-])/g;

// Webhook URLs carry their own credential: anyone with the URL can post as the integration.
const WEBHOOK =
  /\bhttps:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,25}\/[\w-]{40,100}/g;

export function detectWebhookUrls(text: string, out: SecretFinding[]): void {
  if (!text.includes('/webhooks/')) return;
  for (const m of text.matchAll(WEBHOOK))
    out.push({ start: m.index, end: m.index + m[0].length, type: 'discord-webhook-url', score: 0.9 });
}

export function detectSkKeys(text: string, out: SecretFinding[]): void {
  if (!text.includes('sk-')) return;
  for (const m of text.matchAll(SK_KEY)) {
    if (!/\d/.test(m[0]) || !/[A-Za-z]/.test(m[0].slice(3))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, type: 'sk-api-key', score: 0.9 });
  }
}

// The user may be empty ("redis://:pw@host"); the password may hold "#", "?" or "$" pasted
// without percent-encoding (not valid in a URL, common in pasted ones), but never "@" or "/".
const CONNECTION =
  /\b[a-z][a-z0-9+.-]{1,30}:\/\/([^\s:/?#@'"]{0,128}):([^\s@/'"]{1,256})@([^\s/?#:'"]{1,253})/dg;

const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)$/i;
/** Stock credentials of local services in docs and docker-compose files (postgres/postgres, guest/guest). */
const STOCK_PASSWORD = /^(?:postgres|root|admin|guest|password|secret|test|example)$/i;

export function detectConnectionStrings(text: string, out: SecretFinding[]): void {
  if (!text.includes('://')) return;
  for (const m of text.matchAll(CONNECTION)) {
    const range = m.indices?.[2];
    const password = decodeURIComponentSafe(m[2] ?? '');
    if (!range || isPlaceholder(password)) continue;
    const local = LOCAL_HOST.test(m[3] ?? '');
    if (local && (password === m[1] || STOCK_PASSWORD.test(password))) continue;
    out.push({ start: range[0], end: range[1], type: 'connection-string-password', score: 0.9 });
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const SECRET_KEY_NAME =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|client[_.-]?secret|credential|auth[_.-]?key)/i;
const ID_KEY_NAME = /(?:^|[_.-])i_?d$|Id$|ID$|[_.-](?:name|file|path|url|uri|length|size|type|field|label)$/;
/** Keys whose values are digests, not credentials: "sha256: e3b0…", "integrity": "sha512-…". */
const DIGEST_KEY_NAME =
  /(?:^|[_.-])(?:sha(?:1|224|256|384|512)?|md5|hash|digest|checksum|integrity|etag|fingerprint|commit|revision)$/i;
const LONE_TOKEN = /^[ \t]*(?:-[ \t]+)?([A-Za-z0-9+/_=-]{10,512})[ \t]*\r?$/gm;
/** Free-standing runs; one straight after "=" is an assignment's value, which detectAssignments judges. */
const FREE_TOKEN = { minLength: 20, maxLength: 1024, notAfterEquals: true };
const PROSE_WORD = /^[a-z]+$/;

/** `key = value` pairs (config files, env files, code) and values alone on a line. */
export function detectAssignments(text: string, out: SecretFinding[]): void {
  for (const m of assignmentMatches(text)) {
    const key = m[1] ?? '';
    const raw = m[2] ?? '';
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    // An unquoted value inside Markdown code ("`API_KEY=sk-...`") ends before the backtick.
    const value = quoted ? raw.slice(1, -1) : raw.replace(/`+$/, '');
    const start = m.index + m[0].length - (m[3] ?? '').length - raw.length + (quoted ? 1 : 0);
    if (isPlaceholder(value) || ID_KEY_NAME.test(key) || DIGEST_KEY_NAME.test(key)) continue;
    const secretKey = SECRET_KEY_NAME.test(key);
    const judged = judgeToken(value, true);
    // An unquoted lower-case word followed by more prose is a sentence ("password: forgot it again").
    const prose = !quoted && PROSE_WORD.test(value) && (m[3] ?? '').trim().length > 0;
    if (secretKey && !prose && !/\s/.test(value)) {
      out.push({ start, end: start + value.length, type: 'secret-assignment', score: judged ? 0.85 : 0.75 });
    } else if (judged) {
      out.push({ start, end: start + value.length, type: `${judged.kind}-high-entropy-string`, score: 0.55 });
    }
  }
  for (const m of text.matchAll(LONE_TOKEN)) {
    const token = m[1] ?? '';
    const judged = judgeToken(token, true);
    if (!judged) continue;
    const start = m.index + m[0].indexOf(token);
    out.push({ start, end: start + token.length, type: `${judged.kind}-high-entropy-string`, score: 0.5 });
  }
}

/** What a run's preceding characters say it is: data-URI content or a subresource-integrity digest. */
const NOT_SECRET_BEFORE = /(?:;base64,|\bsha(?:256|384|512)-)$/i;
const SRI_PREFIX = /^sha(?:256|384|512)-/i;

/** Long mixed-class runs in running text. */
export function detectHighEntropy(text: string, out: SecretFinding[]): void {
  for (const run of tokenRuns(text, FREE_TOKEN)) {
    if (NOT_SECRET_BEFORE.test(text.slice(Math.max(0, run.start - 8), run.start))) continue;
    if (SRI_PREFIX.test(text.slice(run.start, run.start + 7))) continue;
    const judged = judgeToken(text.slice(run.start, run.end), false);
    if (judged) out.push({ start: run.start, end: run.end, type: 'high-entropy-string', score: 0.5 });
  }
}
