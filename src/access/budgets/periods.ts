import { KeelError } from '../../errors/index.ts';
import type { BudgetPeriod } from '../types.ts';

/**
 * Budget periods are calendar periods in UTC: a day from midnight, an ISO week from Monday
 * midnight, a month from the 1st; `total` never resets. Keys name the period in counter ids and
 * reports: `2026-11-22`, `2026-W47`, `2026-11`, `total`.
 */
export interface PeriodWindow {
  key: string;
  /** Epoch ms, inclusive; null for `total`. */
  start: number | null;
  /** Epoch ms, exclusive (when the budget resets); null for `total`. */
  end: number | null;
}

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayWindow(now: number): PeriodWindow {
  const start = Math.floor(now / DAY_MS) * DAY_MS;
  return { key: new Date(start).toISOString().slice(0, 10), start, end: start + DAY_MS };
}

/** ISO 8601 week: weeks start on Monday; week 1 is the one holding the year's first Thursday. */
function weekWindow(now: number): PeriodWindow {
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const weekday = (new Date(dayStart).getUTCDay() + 6) % 7; // Monday = 0
  const start = dayStart - weekday * DAY_MS;
  const thursday = new Date(start + 3 * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS)) + 1;
  return { key: `${isoYear}-W${pad(week)}`, start, end: start + 7 * DAY_MS };
}

function monthWindow(now: number): PeriodWindow {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    key: `${year}-${pad(month + 1)}`,
    start: Date.UTC(year, month, 1),
    end: Date.UTC(year, month + 1, 1),
  };
}

const TOTAL: PeriodWindow = Object.freeze({ key: 'total', start: null, end: null });

/** The period of `period` kind that contains `now`. */
export function periodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  switch (period) {
    case 'day':
      return dayWindow(now);
    case 'week':
      return weekWindow(now);
    case 'month':
      return monthWindow(now);
    case 'total':
      return TOTAL;
  }
}

/**
 * periodWindow with the current window of each kind remembered: on the request path the key is
 * a lookup, not date arithmetic.
 */
export class PeriodClock {
  readonly #now: () => number;
  readonly #current = new Map<BudgetPeriod, PeriodWindow>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  now(): number {
    return this.#now();
  }

  window(period: BudgetPeriod, now: number = this.#now()): PeriodWindow {
    const cached = this.#current.get(period);
    if (cached && (cached.start === null || (now >= cached.start && now < (cached.end as number))))
      return cached;
    const fresh = periodWindow(period, now);
    this.#current.set(period, fresh);
    return fresh;
  }
}

const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

/** Parses a period key typed by a person (`2026-11`, `2026-11-22`, `2026-W47`) into its window. */
export function parsePeriodKey(
  text: string,
): PeriodWindow & { start: number; end: number; period: BudgetPeriod } {
  const input = text.trim();
  const month = MONTH_KEY.exec(input);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const w = monthWindow(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return { ...w, start: w.start as number, end: w.end as number, period: 'month' };
  }
  const day = DAY_KEY.exec(input);
  if (day) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    const w = dayWindow(ms);
    if (w.key === input) return { ...w, start: w.start as number, end: w.end as number, period: 'day' };
  }
  const week = WEEK_KEY.exec(input);
  if (week) {
    // Week 1 contains 4 January; step from its Monday.
    const jan4 = Date.UTC(Number(week[1]), 0, 4);
    const w = weekWindow(jan4 + (Number(week[2]) - 1) * 7 * DAY_MS);
    if (w.key === input) return { ...w, start: w.start as number, end: w.end as number, period: 'week' };
  }
  throw new KeelError(
    'invalid_request',
    `'${text.slice(0, 40)}' is not a period: use a month (2026-11), a day (2026-11-22) or an ISO week (2026-W47)`,
  );
}

/** "daily", "weekly", "monthly", "total" — for messages. */
export function periodAdjective(period: BudgetPeriod): string {
  return period === 'day' ? 'daily' : period === 'week' ? 'weekly' : period === 'month' ? 'monthly' : 'total';
}
