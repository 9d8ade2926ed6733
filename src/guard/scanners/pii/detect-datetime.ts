import type { PiiSpan } from './types.ts';

/**
 * Any calendar date, timestamp, clock time or weekday (Presidio's DATE_TIME). Opt-in: strict
 * de-identification (HIPAA Safe Harbor removes every date element but the year) needs it, but
 * ordinary prompts are full of harmless dates, so the default PII policy screens only dates of
 * birth. Bare years and relative phrases ("next week") are not matched: they identify nobody.
 */

const MONTH_NAME =
  '(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|March|Mar|march|[Aa]pr(?:il)?|May|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)';
const ORDINAL = '\\d{1,2}(?:st|nd|rd|th)?';
/** A calendar date with a day: numeric (d/m/y, y-m-d) or with a month name. Shared with the DOB detector. */
export const DATE_PATTERN =
  `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}` +
  `|${MONTH_NAME}\\.?\\s+${ORDINAL},?\\s+\\d{4}|${ORDINAL}\\s+(?:of\\s+)?${MONTH_NAME}\\.?,?\\s+\\d{4}` +
  `|${MONTH_NAME}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)\\b|(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)\\s+of\\s+${MONTH_NAME}\\b)`;
const TIME =
  '(?:(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,6})?)?(?:\\s?[AaPp]\\.?[Mm]\\.?)?(?:\\s?(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}))?' +
  '|(?:1[0-2]|0?[1-9])\\s?[AaPp]\\.?[Mm]\\.?(?![\\w]))';
const WEEKDAY = '(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)';
// One date-time expression: a weekday and/or a date and/or a time, joined by ", ", " at ", "T" or a space.
const JOIN = '(?:,?\\s+(?:at\\s+|on\\s+)?|T)';
const DATETIME = new RegExp(
  `(?<![\\w/.:-])(?:${WEEKDAY}(?:${JOIN}${DATE_PATTERN})?(?:${JOIN}${TIME})?|${DATE_PATTERN}(?:${JOIN}${TIME})?|${TIME})(?![\\w/:-]|\\.\\d)`,
  'g',
);

export function detectDateTimes(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(DATETIME)) {
    spans.push({ start: m.index, end: m.index + m[0].length, type: 'DATE_TIME', score: 0.6 });
  }
  return spans;
}
