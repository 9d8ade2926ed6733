/**
 * URL extraction and allow-list matching shared by the output and action scanners. Hosts are
 * compared after WHATWG URL parsing, which turns internationalised names into punycode, so a
 * homoglyph domain (`gооgle.com` with Cyrillic o's becomes `xn--ggle-…`) never equals an allowed one.
 */

export interface FoundUrl {
  start: number;
  end: number;
  /** Lower-cased ASCII (punycode) host, or undefined when the URL does not parse. */
  host: string | undefined;
}

const URL_RE = /\b(?:https?|ftp|wss?):\/\/[^\s<>"'`)\]}]+|\bwww\.[^\s<>"'`)\]}]+/gi;

export function findUrls(text: string, limit = 1000): FoundUrl[] {
  const out: FoundUrl[] = [];
  for (const m of text.matchAll(URL_RE)) {
    if (out.length >= limit) break;
    // Trailing sentence punctuation is not part of the link.
    const value = m[0].replace(/[.,;:!?]+$/, '');
    out.push({ start: m.index, end: m.index + value.length, host: hostOf(value) });
  }
  return out;
}

export function hostOf(value: string): string | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    return url.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Normalises allow-list entries: `example.com`, `*.example.com`, or a full URL. */
export function normaliseDomains(domains: readonly string[]): string[] {
  return domains
    .map((d) => (d.includes('://') ? (hostOf(d) ?? '') : (hostOf(d.replace(/^\*\./, '')) ?? '')))
    .filter((d) => d.length > 0);
}

/** A host is allowed when it equals an allowed domain or is a subdomain of one. */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  return allowed.some((d) => host === d || host.endsWith(`.${d}`));
}
