import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { findUrls, hostAllowed, normaliseDomains } from './urls.ts';

export interface UrlAllowlistOptions {
  id?: string;
  /** Allowed domains (subdomains included): `example.com`, `docs.example.com`. */
  allow: readonly string[];
}

/**
 * Flags links to domains outside the allow-list: the usual exfiltration path is a markdown image
 * or link whose URL carries data to an attacker's host. Redaction replaces each such link.
 */
export function createUrlAllowlistScanner(options: UrlAllowlistOptions): Scanner {
  const allowed = normaliseDomains(options.allow);
  return {
    specVersion: 'v1',
    id: options.id ?? 'url-allowlist',
    checkpoints: ['output', 'retrieval', 'action'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      const text = input.kind === 'text' ? input.text : input.call.function.arguments;
      const bad = findUrls(text).filter((u) => !hostAllowed(u.host, allowed));
      if (bad.length === 0) return { verdict: 'pass', score: 0 };
      let redacted = '';
      let last = 0;
      for (const u of bad) {
        redacted += `${text.slice(last, u.start)}[link removed]`;
        last = u.end;
      }
      redacted += text.slice(last);
      return {
        verdict: 'block',
        score: 0.9,
        spans: bad.map((u) => ({ start: u.start, end: u.end, type: 'disallowed-url' })),
        redacted,
        reason: `${bad.length} link(s) to domains outside the allow-list`,
      };
    },
  };
}
