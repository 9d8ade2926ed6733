import type { ScanContext, ScanInput, Scanner, ScanResult } from '../../../spec/scanner.ts';
import { findUrls, hostAllowed, normaliseDomains } from '../output/urls.ts';
import { collectStrings, parseToolArgs } from './tool-args.ts';

/**
 * Action checkpoint: argument values that would make a tool do damage — shell command chaining and
 * substitution, destructive or injected SQL, path traversal and system paths, and URLs outside an
 * allow-list. Patterns target command shapes rather than single characters, so a `|` in a
 * sentence or `rm` in a word does not trip them.
 */

export type DangerCategory = 'shell' | 'sql' | 'path' | 'url';

interface Pattern {
  category: DangerCategory;
  name: string;
  re: RegExp;
  score: number;
}

const CMD =
  '(?:rm|curl|wget|bash|sh|zsh|nc|ncat|netcat|chmod|chown|dd|mkfs|shutdown|reboot|kill|killall|python3?|perl|ruby|php|node|sudo|su|scp|ssh|base64|eval|exec|cat|mv|cp|echo|printf|powershell|cmd)';

const PATTERNS: Pattern[] = [
  {
    category: 'shell',
    name: 'rm-rf',
    re: /\brm\s+(?:-[a-z]*[rf][a-z]*\s+)+(?:\/|~|\*|\.\.?\/|\$)/i,
    score: 0.95,
  },
  {
    category: 'shell',
    name: 'command-chain',
    re: new RegExp(`(?:;|&&|\\|\\|)\\s*${CMD}\\b`, 'i'),
    score: 0.85,
  },
  {
    category: 'shell',
    name: 'pipe-to-shell',
    re: /\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|\|\s*(?:python3?|perl|ruby|node)\b/i,
    score: 0.9,
  },
  { category: 'shell', name: 'command-substitution', re: /\$\([^)]{1,200}\)/, score: 0.85 },
  {
    category: 'shell',
    name: 'backtick-substitution',
    re: new RegExp(`\`\\s*${CMD}\\b[^\`]{0,200}\``, 'i'),
    score: 0.8,
  },
  {
    category: 'shell',
    name: 'reverse-shell',
    re: /\/dev\/(?:tcp|udp)\/|\b(?:nc|ncat|netcat)\b[^\n;|&]{0,100}\s-[a-z]*[ec]\s|\bbash\s+-i\s*>&|\bsocat\b[^\n]{0,100}\bexec:|\bmkfifo\b[^\n]{0,100}\b(?:nc|ncat|netcat)\b/i,
    score: 0.95,
  },
  {
    // World-writable or re-owned system trees: "chmod 777 -R /", "chown -R nobody /etc".
    category: 'shell',
    name: 'permissions-on-system-tree',
    re: /\bch(?:mod|own)\s+(?:-[a-z]+\s+){0,3}[\w:.+=,-]{1,40}\s+(?:-[a-z]+\s+){0,3}\/(?:etc|usr|bin|sbin|var|boot|lib\w*|root|home)?\/?(?:\s|$|;|&)/i,
    score: 0.9,
  },
  { category: 'shell', name: 'fork-bomb', re: /:\(\)\s*\{\s*:\|:&\s*\}\s*;/, score: 0.95 },
  {
    category: 'shell',
    name: 'device-write',
    re: /(?:>\s*\/dev\/(?:sd|nvme|hd)|\bmkfs(?:\.\w+)?\s|\bdd\s+if=)/i,
    score: 0.95,
  },
  {
    category: 'sql',
    name: 'drop',
    re: /\b(?:drop|truncate)\s+(?:table|database|schema|index|view)\b/i,
    score: 0.95,
  },
  {
    category: 'sql',
    name: 'delete-without-where',
    re: /\bdelete\s+from\s+[\w."`[\]]+\s*(?:;|$|--)/i,
    score: 0.9,
  },
  {
    category: 'sql',
    name: 'update-without-where',
    re: /\bupdate\s+[\w."`[\]]+\s+set\s+[\w."`[\]]+\s*=(?:(?!\bwhere\b)[^;])*(?:;|$)/i,
    score: 0.8,
  },
  { category: 'sql', name: 'union-select', re: /\bunion\s+(?:all\s+)?select\b/i, score: 0.85 },
  {
    category: 'sql',
    name: 'tautology',
    re: /['"]\s*\)?\s*or\s+['"]?(\w+)['"]?\s*=\s*['"]?\1\b|\bor\s+1\s*=\s*1\b/i,
    score: 0.9,
  },
  {
    category: 'sql',
    name: 'stacked-query',
    re: /['"]\s*;\s*(?:drop|delete|insert|update|exec|shutdown|alter)\b/i,
    score: 0.9,
  },
  { category: 'sql', name: 'comment-truncation', re: /['"]\s*(?:--|#|\/\*)/, score: 0.7 },
  {
    category: 'path',
    name: 'traversal',
    re: /(?:^|[\\/])\.\.(?:[\\/]|$)|%2e%2e(?:%2f|%5c|\/)/i,
    score: 0.85,
  },
  {
    category: 'path',
    name: 'system-path',
    re: /(?:^|[\s"'=:])(?:\/etc\/(?:passwd|shadow|sudoers|ssh|kubernetes)|\/root\b|\/proc\/|\/sys\/|\/boot\/|\/var\/run\/(?:docker\.sock|secrets\/)|\/run\/secrets\/|~\/\.(?:ssh|aws|kube|gnupg|docker\/config)|[a-z]:\\windows\\(?:system32)?)|\/\.(?:ssh|aws|kube|gnupg)\/|\bid_(?:rsa|dsa|ecdsa|ed25519)\b(?!\.pub)/i,
    score: 0.85,
  },
];

export interface DangerousArgsOptions {
  id?: string;
  /** Categories to check. Default all. */
  categories?: readonly DangerCategory[];
  /** Domains URLs in arguments may point at; when absent, URLs are not checked. */
  allowDomains?: readonly string[];
}

interface Hit {
  path: string;
  name: string;
  category: DangerCategory;
  score: number;
}

function scanValue(
  path: string,
  value: string,
  patterns: Pattern[],
  allow: string[] | undefined,
  hits: Hit[],
) {
  const sample = value.length > 20_000 ? value.slice(0, 20_000) : value;
  // Percent-encoding hides shapes from the patterns ("..%2f..%2fetc%2fpasswd", mixed with plain
  // slashes): each pattern also sees the value decoded twice (double encoding), bad escapes kept.
  const decoded = sample.includes('%') ? percentDecode(percentDecode(sample)) : sample;
  for (const p of patterns) {
    if (p.re.test(sample) || (decoded !== sample && p.re.test(decoded)))
      hits.push({ path, name: p.name, category: p.category, score: p.score });
  }
  if (allow) {
    for (const u of findUrls(sample, 50)) {
      if (!hostAllowed(u.host, allow))
        hits.push({ path, name: 'url-not-allowed', category: 'url', score: 0.8 });
    }
  }
}

/** Decodes every valid %XX escape (as bytes, UTF-8); an invalid one stays as it is. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

export function createDangerousArgsScanner(options: DangerousArgsOptions = {}): Scanner {
  const categories = new Set(options.categories ?? ['shell', 'sql', 'path', 'url']);
  const patterns = PATTERNS.filter((p) => categories.has(p.category));
  const allow =
    categories.has('url') && options.allowDomains ? normaliseDomains(options.allowDomains) : undefined;
  return {
    specVersion: 'v1',
    id: options.id ?? 'dangerous-args',
    checkpoints: ['action'],
    scan(input: ScanInput, _ctx: ScanContext): ScanResult {
      const parsed = parseToolArgs(input);
      if (!parsed) return { verdict: 'pass', score: 0 };
      // Unparseable arguments are still scanned as one string: a broken JSON body can still carry `; rm -rf /`.
      const values =
        parsed.ok && input.kind === 'tool_call'
          ? collectStrings(parsed.value)
          : [
              {
                path: '(raw)',
                value: input.kind === 'tool_call' ? input.call.function.arguments.slice(0, 20_000) : '',
              },
            ];
      const hits: Hit[] = [];
      for (const v of values) scanValue(v.path, v.value, patterns, allow, hits);
      if (hits.length === 0) return { verdict: 'pass', score: 0 };
      const score = hits.reduce((max, h) => Math.max(max, h.score), 0);
      const names = [...new Set(hits.map((h) => `${h.category}:${h.name}@${h.path}`))].slice(0, 5);
      return { verdict: 'block', score, reason: `dangerous tool arguments: ${names.join(', ')}` };
    },
  };
}
