import { KeelError } from '../../errors/index.ts';

/**
 * Times and durations as API callers and the CLI write them: `24h`, `30m`, `7d`, `1h30m`, ISO 8601
 * (`2025-01-31`, `2025-01-31T10:00:00Z`) or epoch milliseconds (digits). Kept here rather than
 * imported from the CLI: domain modules never depend on `src/cli`.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds in `1h30m`, or null when the text is not a duration. */
export function durationMs(text: string): number | null {
  const input = text.trim();
  if (!DURATION.test(input)) return null;
  let total = 0;
  for (const match of input.matchAll(PART))
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return Number.isFinite(total) ? Math.round(total) : null;
}

/** Like durationMs, but a bad value is a 400 naming the field. */
export function requireDuration(text: string, field: string): number {
  const ms = durationMs(text);
  if (ms === null) {
    throw new KeelError(
      'invalid_request',
      `Invalid value for '${field}': expected a duration like 30s, 15m, 1h or 7d`,
      {
        param: field,
      },
    );
  }
  return ms;
}

/**
 * Epoch ms for `since`/`until`: a duration means "that long before now", digits are epoch ms,
 * anything else must be ISO 8601. A bad value is a 400 naming the field.
 */
export function parseWhen(text: string, field: string, now: number): number {
  const input = text.trim();
  const ago = durationMs(input);
  let ms = Number.NaN;
  if (/^\d{10,}$/.test(input)) ms = Number(input);
  else if (ago !== null) ms = now - ago;
  else if (ISO.test(input)) ms = Date.parse(input.replace(' ', 'T'));
  // Beyond a Date's range the answer's ISO times throw and Postgres' BIGINT µs overflow.
  if (!Number.isFinite(new Date(ms).getTime())) {
    throw new KeelError(
      'invalid_request',
      `Invalid value for '${field}': expected a duration before now (24h, 7d), an ISO time or epoch ms`,
      { param: field },
    );
  }
  return ms;
}
