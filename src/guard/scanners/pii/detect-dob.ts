import type { PiiSpan } from './types.ts';

/**
 * Dates of birth: a date only counts when birth context ("born", "DOB", "date of birth",
 * "birthday") comes shortly before it. Bare dates and timestamps are everywhere in ordinary text
 * and are not personal data on their own, so they pass.
 */

const MONTHS =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE =
  `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{4}-\\d{1,2}-\\d{1,2}|${MONTHS}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}` +
  `|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTHS}\\.?,?\\s+\\d{4})`;
const CONTEXT =
  '(?:\\bborn\\b|\\bd\\.?o\\.?b\\b\\.?|\\bdate\\s+of\\s+birth\\b|\\bbirth\\s*date\\b|\\bbirthday\\b|\\bbday\\b|\\bgeboren\\b|\\bné(?:e)?\\b)';
// Context, then up to ~40 characters on the same line ("date of birth. It's …" crosses a full stop), then the date.
const DOB = new RegExp(`${CONTEXT}[^\\n]{0,40}?(?<![\\d/.-])(${DATE})(?![\\d/])`, 'gid');

export function detectDatesOfBirth(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(DOB)) {
    const range = m.indices?.[1];
    if (!range) continue;
    spans.push({ start: range[0], end: range[1], type: 'DATE_TIME', score: 0.85 });
  }
  return spans;
}
