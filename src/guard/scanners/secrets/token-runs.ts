/**
 * Runs of base64/base64url characters ([A-Za-z0-9+/_-]) with up to two "=" of padding: the
 * candidates for high-entropy tokens and for base64 payloads. A single scan with a class table
 * replaces a look-behind regex that was tried, and failed, at every position of running text.
 */

/** TOKEN_CHAR[c] is 1 for [A-Za-z0-9+/_-]. */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-')
  TOKEN_CHAR[c.charCodeAt(0)] = 1;
const EQ = 61;

const isTokenChar = (c: number): boolean => c < 128 && TOKEN_CHAR[c] === 1;

export interface TokenRunOptions {
  minLength: number;
  maxLength: number;
  /** Whether a run straight after "=" is skipped ("a=<token>" is then not a free-standing run). */
  notAfterEquals: boolean;
}

export interface TokenRun {
  start: number;
  /** End, padding included. */
  end: number;
}

/**
 * Every maximal run of token characters of minLength..maxLength, not preceded by a token
 * character (nor "=" with notAfterEquals), followed by 0–2 "=" and then by neither a token
 * character nor "=". The same matches, in order, as
 * /(?<![A-Za-z0-9+/_(=)-])[A-Za-z0-9+/_-]{min,max}={0,2}(?![A-Za-z0-9+/_=-])/g.
 */
export function tokenRuns(text: string, options: TokenRunOptions): TokenRun[] {
  const runs: TokenRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isTokenChar(text.charCodeAt(i))) i++;
    const length = i - start;
    if (length < options.minLength || length > options.maxLength) continue;
    if (options.notAfterEquals && start > 0 && text.charCodeAt(start - 1) === EQ) continue;
    let end = i;
    while (end < n && end - i < 3 && text.charCodeAt(end) === EQ) end++;
    if (end - i > 2) continue;
    if (end < n && isTokenChar(text.charCodeAt(end))) continue;
    runs.push({ start, end });
  }
  return runs;
}
