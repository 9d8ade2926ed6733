import { KeelError } from '../../errors/index.ts';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d{1,5})([hdw])$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A report bound as the API takes it: a span before now (`30d`, `12h`, `2w`) or an ISO date/time
 * (a bare date is midnight UTC). Spend reports are whole days, so finer units are not offered.
 */
export function parseReportTime(text: string, options: { now: number; name: string }): number {
  const input = text.trim();
  const relative = RELATIVE.exec(input);
  if (relative) return options.now - Number(relative[1]) * (UNIT_MS[relative[2] as string] as number);
  const ms = ISO.test(input) ? Date.parse(input.length === 10 ? `${input}T00:00:00Z` : input) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new KeelError(
      'invalid_request',
      `${options.name}: '${text.slice(0, 40)}' is neither a span like 30d, 12h, 2w nor an ISO date like 2026-11-01`,
      { param: options.name },
    );
  }
  return ms;
}
