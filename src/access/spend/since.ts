import { KeelError } from '../../errors/index.ts';
import { isCalendarDate } from '../../util/index.ts';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d{1,5})([hdw])$/;
/** A century, as on the command line: longer spans are typos. */
const MAX_SPAN_MS = 36_500 * 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A report bound as the API takes it: a span before now (`30d`, `12h`, `2w`) or an ISO date/time
 * (a bare date is midnight UTC). Spend reports are whole days, so finer units are not offered.
 * Spans are at most a century, and dates that do not exist (2026-02-30) are refused rather than
 * rolled over into the next month.
 */
export function parseReportTime(text: string, options: { now: number; name: string }): number {
  const input = text.trim();
  const fail = (why: string) =>
    new KeelError('invalid_request', `${options.name}: '${text.slice(0, 40)}' ${why}`, {
      param: options.name,
    });
  const relative = RELATIVE.exec(input);
  if (relative) {
    const span = Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
    if (span > MAX_SPAN_MS) throw fail('is too long: at most 36500d (100 years)');
    return options.now - span;
  }
  const ms =
    ISO.test(input) && isCalendarDate(input)
      ? Date.parse(input.length === 10 ? `${input}T00:00:00Z` : input)
      : Number.NaN;
  if (Number.isNaN(ms)) throw fail('is neither a span like 30d, 12h, 2w nor an ISO date like 2026-11-01');
  return ms;
}
