/**
 * Whether text that starts with an ISO date (`YYYY-MM-DD…`) names a day that exists. `Date.parse`
 * rolls impossible dates over (`2026-02-30` becomes 2 March), which would silently move a report
 * or an expiry; callers reject such input instead.
 */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time-zone surprises).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
