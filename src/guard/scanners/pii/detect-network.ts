import { isIPv6 } from 'node:net';
import { hasContextBefore, type PiiSpan } from './types.ts';

/**
 * IPv4 and IPv6 addresses. Version strings ("v1.2.3.4", "version 10.0.0.1") and longer dotted runs
 * are not addresses; IPv6 candidates are confirmed with node:net so times (10:30:00) and MACs fail.
 */

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
const VERSION_CONTEXT = /(?:\bv|\bversion|\bver\.?|\brelease|\bbuild)\s*$/i;
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])/g;
const IPV6_TAIL_V4 = /(?<![\w:.])[0-9A-Fa-f:]{2,30}:\d{1,3}(?:\.\d{1,3}){3}(?![\w.])/g;

export function detectIps(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (text.includes('.')) {
    for (const m of text.matchAll(IPV4)) {
      if (hasContextBefore(text, m.index, VERSION_CONTEXT, 12)) continue;
      spans.push({ start: m.index, end: m.index + m[0].length, type: 'IP_ADDRESS', score: 0.9 });
    }
  }
  if (!text.includes(':')) return spans;
  for (const re of [IPV6, IPV6_TAIL_V4]) {
    for (const m of text.matchAll(re)) {
      const value = m[0];
      const bare = value.replace(/%\w+$/, '');
      // Require some hex content so "::" or "a::" in prose does not count.
      if (bare.replace(/[:.]/g, '').length < 4 || !isIPv6(bare)) continue;
      spans.push({ start: m.index, end: m.index + value.length, type: 'IP_ADDRESS', score: 0.9 });
    }
  }
  return spans;
}
