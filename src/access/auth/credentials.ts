/**
 * The credential a request presents: `Authorization: Bearer …` (OpenAI clients) or `x-api-key`
 * (Anthropic clients). Returns undefined when neither is there.
 */
export function presentedCredential(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  const auth = headers.authorization;
  const text = Array.isArray(auth) ? auth[0] : auth;
  if (text !== undefined && text !== '') {
    // RFC 7235: the scheme is case-insensitive.
    if (text.length > 7 && text.slice(0, 7).toLowerCase() === 'bearer ') return text.slice(7).trim();
    return text.trim();
  }
  const apiKey = headers['x-api-key'];
  const key = Array.isArray(apiKey) ? apiKey[0] : apiKey;
  return key === undefined || key === '' ? undefined : key.trim();
}
