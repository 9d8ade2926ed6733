import { DATE_PATTERN } from './detect-datetime.ts';
import type { PiiSpan } from './types.ts';

/**
 * Dates of birth: a date only counts when birth context ("born", "DOB", "date of birth",
 * "birthday") comes shortly before it. This is the date type Keel screens by default: a birth date
 * identifies a person, while most other dates in a prompt (deadlines, meeting days) do not, so
 * those are the opt-in DATE_TIME type (detect-datetime.ts).
 */

const CONTEXT =
  '(?:\\bborn\\b|\\bd\\.?o\\.?b\\b\\.?|\\bdate\\s+of\\s+birth\\b|\\bbirth\\s*date\\b|\\bbirthday\\b|\\bbday\\b|\\bgeboren\\b|\\bné(?:e)?\\b)';
// Context, then up to ~40 characters on the same line ("date of birth. It's …" crosses a full stop), then the date.
const DOB = new RegExp(`${CONTEXT}[^\\n]{0,40}?(?<![\\d/.-])(${DATE_PATTERN})(?![\\d/])`, 'gid');

export function detectDatesOfBirth(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(DOB)) {
    const range = m.indices?.[1];
    if (!range) continue;
    spans.push({ start: range[0], end: range[1], type: 'DATE_OF_BIRTH', score: 0.85 });
  }
  return spans;
}
