/**
 * Converts the RE2/Go regex dialect gitleaks uses into a JavaScript RegExp source + flags.
 *
 * Differences handled:
 * - a leading `(?i)` / `(?s)` / `(?is)` becomes a RegExp flag;
 * - a mid-pattern `(?i)` (which in Go applies to the rest of the enclosing group, across `|`) is
 *   rewritten into V8's scoped modifiers `(?i:…)` around each remaining alternative;
 * - `(?P<name>` → `(?<name>`; `\z` → `$` (no `m` flag, so `$` is end of input);
 * - POSIX classes inside brackets (`[[:alnum:]]`) → explicit ranges.
 * Everything else is passed through and the result is compile-checked; callers skip (and count)
 * patterns that still fail.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\t\\n\\v\\f\\r ',
  xdigit: '0-9a-fA-F',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

export interface ConvertedRegex {
  source: string;
  flags: string;
  /** A leading lazy key-name prefix (`[\w.-]{0,50}?`) was removed; see stripKeyPrefix. */
  keyPrefix?: boolean;
}

const KEY_PREFIX = '[\\w.-]{0,50}?';

/**
 * gitleaks' keyword rules start with `[\w.-]{0,50}?` so the match includes the key name. RE2 runs
 * that in linear time; a backtracking engine tries 51 prefix lengths at every position (two nested
 * copies in some rules: 2,601), which makes an 8 KB crafted prompt cost hundreds of milliseconds.
 * The prefix never changes which secrets match, so it is removed and the key name is recovered by
 * looking back from the match when an allowlist needs it.
 */
function stripKeyPrefix(src: string): { src: string; stripped: boolean } {
  let out = src;
  let stripped = false;
  for (;;) {
    if (out.startsWith(KEY_PREFIX)) {
      out = out.slice(KEY_PREFIX.length);
      stripped = true;
      continue;
    }
    const group = /^\(\?[a-z-]*:/.exec(out);
    if (group && out.startsWith(KEY_PREFIX, group[0].length)) {
      out = group[0] + out.slice(group[0].length + KEY_PREFIX.length);
      stripped = true;
      continue;
    }
    return { src: out, stripped };
  }
}

const INLINE_FLAGS = /\(\?([imsU-]+)\)/y;

/** Finds the first unescaped, out-of-class inline flag group `(?flags)`; returns its index or -1. */
function findInlineFlag(src: string, from: number): { index: number; flags: string } | undefined {
  let inClass = false;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (src[i + 1] === '^') i++;
      if (src[i + 1] === ']') i++;
      continue;
    }
    if (c === '(') {
      INLINE_FLAGS.lastIndex = i;
      const m = INLINE_FLAGS.exec(src);
      if (m?.[1]) return { index: i, flags: m[1] };
    }
  }
  return undefined;
}

/** Returns the index of the `)` closing the group that contains `pos` (or src.length at top level)
 *  and the top-level `|` positions between `pos` and that end. */
function scanGroupRest(src: string, pos: number): { end: number; bars: number[] } {
  let depth = 0;
  let inClass = false;
  const bars: number[] = [];
  for (let i = pos; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (src[i + 1] === '^') i++;
      if (src[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return { end: i, bars };
      depth--;
    } else if (c === '|' && depth === 0) bars.push(i);
  }
  return { end: src.length, bars };
}

function scopeInlineFlags(src: string): string {
  let out = src;
  for (let guard = 0; guard < 100; guard++) {
    const hit = findInlineFlag(out, 0);
    if (!hit) return out;
    const token = `(?${hit.flags})`;
    if (hit.flags.includes('U')) throw new Error('ungreedy flag U is not supported');
    const restStart = hit.index + token.length;
    const { end, bars } = scanGroupRest(out, restStart);
    const cuts = [restStart, ...bars.map((b) => b + 1), end + 1];
    const alternatives: string[] = [];
    for (let k = 0; k < cuts.length - 1; k++) {
      alternatives.push(out.slice(cuts[k], (cuts[k + 1] as number) - 1));
    }
    const scoped = alternatives.map((alt) => `(?${hit.flags}:${alt})`).join('|');
    out = out.slice(0, hit.index) + scoped + out.slice(end);
  }
  throw new Error('too many inline flag groups');
}

/** Rewrites `.*` / `.+` (outside character classes) to `.{0,256}` / `.{1,256}`. */
function boundDotStars(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A `]` or `^]` right after `[` is literal, not the end of the class.
      const lead = src.startsWith('^]', i + 1) ? 2 : src[i + 1] === ']' ? 1 : 0;
      out += src.slice(i, i + 1 + lead);
      i += lead;
      continue;
    } else if (c === '.' && (src[i + 1] === '*' || src[i + 1] === '+')) {
      out += `.{${src[i + 1] === '*' ? 0 : 1},256}`;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

export function convertGoRegex(goSource: string): ConvertedRegex {
  let src = goSource;
  let flags = '';
  const leading = /^\(\?([is]+)\)/.exec(src);
  if (leading?.[1]) {
    flags = [...new Set(leading[1])].sort().join('');
    src = src.slice(leading[0].length);
  }
  src = src.replaceAll('(?P<', '(?<');
  src = src.replace(/(?<!\\)((?:\\\\)*)\\z/g, '$1$$');
  src = src.replace(/\[:(\^?)([a-z]+):\]/g, (whole, neg: string, name: string) => {
    const mapped = POSIX_CLASSES[name];
    if (!mapped || neg) throw new Error(`unsupported POSIX class ${whole}`);
    return mapped;
  });
  src = scopeInlineFlags(src);
  const prefix = stripKeyPrefix(src);
  src = prefix.src;
  // Unbounded `.*` / `.+` (curl rules) are capped at 256 characters of a line for the same reason.
  src = boundDotStars(src);
  // Compile-check here so callers get one error path.
  new RegExp(src, flags);
  return prefix.stripped ? { source: src, flags, keyPrefix: true } : { source: src, flags };
}
