import { KeelError } from '../errors/index.ts';
import { isCalendarDate } from '../util/index.ts';

/**
 * Durations and points in time as people type them on a command line: `500ms`, `30s`, `15m`,
 * `1h`, `7d`, `2w`, and sums like `1h30m`; times as ISO 8601 (`2025-01-31`, `2025-01-31T10:00Z`).
 * Bad input is a KeelError('invalid_request') whose message says what was expected.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

export interface DurationOptions {
  /** Unit for a bare number (e.g. `--interval 500` meaning ms); without it a unit is required. */
  bareUnit?: 'ms' | 's';
  /** Flag name for messages, e.g. `--since`. */
  name?: string;
}

function invalid(text: string, what: string, name: string | undefined): KeelError {
  const label = name ? `${name}: ` : '';
  return new KeelError('invalid_request', `${label}'${text}' is not ${what}`);
}

/** Longest duration accepted: a century. More is a typo, and would overflow a Date. */
export const MAX_DURATION_MS = 36_500 * 86_400_000;

/** Sum of `1h30m`-style parts, or undefined when the text is not one. */
function sumOfParts(input: string): number | undefined {
  if (input === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const match = PART.exec(input);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return total;
}

function bounded(text: string, ms: number, name: string | undefined): number {
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS) {
    const label = name ? `${name}: ` : '';
    throw new KeelError(
      'invalid_request',
      `${label}'${text.slice(0, 40)}' is too long: at most 36500d (100 years)`,
    );
  }
  return Math.round(ms);
}

/** Milliseconds in a duration like `1h30m`; always finite, >= 0 and at most MAX_DURATION_MS. */
export function parseDuration(text: string, options: DurationOptions = {}): number {
  const input = text.trim();
  const expected = 'a duration like 500ms, 30s, 15m, 1h, 7d or 1h30m';
  if (options.bareUnit && /^\d+(\.\d+)?$/.test(input)) {
    return bounded(text, Number(input) * (UNIT_MS[options.bareUnit] as number), options.name);
  }
  const total = sumOfParts(input);
  if (total === undefined) throw invalid(text, expected, options.name);
  return bounded(text, total, options.name);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch ms of an ISO 8601 date or date-time (a date alone is midnight UTC; a time without offset is
 * local). Days that do not exist (`2026-02-30`) are refused, not rolled over into the next month.
 */
export function parseTime(text: string, options: { name?: string } = {}): number {
  const input = text.trim();
  const ms = ISO_DATE.test(input) && isCalendarDate(input) ? Date.parse(input.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(ms))
    throw invalid(text, 'an ISO date like 2025-01-31 or 2025-01-31T10:00:00Z', options.name);
  return ms;
}

/** `1h` means "1h before now"; anything else must be an ISO time. For --since / --until. */
export function parseSince(text: string, options: { now?: number; name?: string } = {}): number {
  const input = text.trim();
  if (/^\d{4}-/.test(input)) return parseTime(input, options);
  const now = options.now ?? Date.now();
  const ms = sumOfParts(input);
  if (ms === undefined) {
    const label = options.name ? `${options.name}: ` : '';
    throw new KeelError(
      'invalid_request',
      `${label}'${text}' is neither a duration (30m, 1h, 7d) nor an ISO time (2025-01-31T10:00:00Z)`,
    );
  }
  return now - bounded(text, ms, options.name);
}
