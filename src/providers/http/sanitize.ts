const MAX_MESSAGE_CHARS = 500;

/**
 * Shapes of credentials that upstream error texts are known to echo back (OpenAI's "Incorrect API
 * key provided: sk-…", bearer tokens, Azure's 32-hex keys, Google's AIza keys).
 */
const KEY_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_*.-]{3,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b[0-9a-fA-F]{32,}\b/g,
  /\bAIza[A-Za-z0-9_-]{20,}/g,
];

/**
 * Makes an upstream error text safe to show to a caller: known secrets and key-like strings are
 * removed and the text is capped, so a provider that echoes credentials cannot leak them.
 */
export function sanitizeUpstreamText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, '[redacted]');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > MAX_MESSAGE_CHARS ? `${out.slice(0, MAX_MESSAGE_CHARS - 1)}…` : out;
}
