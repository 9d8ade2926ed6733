/**
 * Values that stand for a secret without being one: documentation, .env.example files, templates.
 * Every detector checks its candidate against these before reporting it.
 */

const PLACEHOLDER =
  /^(?:\*+|x+|\.{2,}|-+|null|none|nil|true|false|undefined|empty|changeme|change_me|password|passwd|pass|pwd|secret|token|example|sample|placeholder|redacted|hidden|masked|required|optional|string|your[_-]?\w*|my[_-]\w+|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\$\(?\w+\)?|\{\{[^}]*\}\}|%\w+%|(?:process\.env|os\.environ|env)\b.*)$/i;

/** A vendor prefix before a placeholder: "sk-your-key-here", "ghp_XXXXXXXX", "sk_live_…". */
const VENDOR_PREFIX =
  /^(?:(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_]|ant[-_])?|(?:ghp|gho|ghs|ghu|github_pat)_|xox[abprs]-|hf_|npm_|AKIA)/i;
/** Placeholder words inside a value: docs and .env.example files, not secrets. */
const PLACEHOLDER_INSIDE =
  /your[-_ ]?(?:own[-_ ]?)?(?:api[-_ ]?)?(?:key|token|secret|password)|(?:key|token|secret)[-_ ]?(?:here|goes[-_ ]?here)|x{8,}|\*{6,}|placeholder|changeme|change[-_]me|replace[-_]?me|dummy|redacted|<[^>]+>/i;

/** True for "your-api-key", "sk-...", "<token>", "${SECRET}", "XXXXXXXX" and the like. */
export function isPlaceholder(value: string): boolean {
  if (value.length < 4 || PLACEHOLDER.test(value) || PLACEHOLDER_INSIDE.test(value)) return true;
  const bare = value.replace(VENDOR_PREFIX, '');
  return bare !== value && PLACEHOLDER.test(bare);
}
