import { hasContextBefore, type PiiSpan } from './types.ts';

/**
 * Email and phone numbers. Emails allow any Unicode letter so homoglyph and IDN addresses
 * (`jоhn@exаmple.com` with Cyrillic letters) are still caught as personal data.
 */
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+'-]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

export function detectEmails(text: string): PiiSpan[] {
  if (!text.includes('@')) return [];
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const value = m[0];
    // A leading dot or a double dot is not an address (e.g. "...@home.com" in prose).
    if (value.startsWith('.') || value.includes('..')) continue;
    spans.push({ start: m.index, end: m.index + value.length, type: 'EMAIL_ADDRESS', score: 0.95 });
  }
  return spans;
}

/**
 * Phone candidates: optional +country code, optional (area) code, 2..5 digit groups joined
 * by one separator, optional extension. Unseparated runs only count with a leading `+` (E.164),
 * so plain numbers, amounts and IDs are not phones. Dates, IPs, SSN shapes and times are rejected.
 */
const PHONE =
  /(?<![\w+./:-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,8}){1,4}(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6})?(?![\w/:]|[.-]\d)/g;
const E164 = /(?<![\w+])\+[1-9]\d{7,14}(?![\w.-]?\d)/g;
const PHONE_CONTEXT =
  /\b(?:phone|tel|telephone|mobile|cell|fax|call|text|sms|whatsapp|contact|reach|dial|office|number|answering|ring|landline)\b|[:#]\s*$/i;
const NOT_PHONE_CONTEXT =
  /\b(?:order|invoice|isbn|version|ver|v|ref|reference|tracking|account|acct|id|serial|sku|po)\b[\s#:.]*$/i;
const DATE_SHAPE = /^(?:\d{4}[-. ]\d{1,2}[-. ]\d{1,2}|\d{1,2}[-. ]\d{1,2}[-. ]\d{2,4})$/;
const IP_SHAPE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;

function phoneScore(text: string, value: string, index: number): number {
  const core = value.replace(/\s?(?:x|ext\.?|extension)\s?\d+$/i, '');
  const digits = core.replace(/\D/g, '').length;
  if (digits < 6 || digits > 15) return 0;
  if (DATE_SHAPE.test(core) || IP_SHAPE.test(core) || SSN_SHAPE.test(core)) return 0;
  if (hasContextBefore(text, index, NOT_PHONE_CONTEXT, 20)) return 0;
  // Six digits ("33 93 31") is a phone only when the text says so; it stays below the 0.5 cut otherwise.
  let score = digits < 7 ? 0.2 : 0.4;
  if (core.startsWith('+')) score = 0.85;
  else if (core.startsWith('(')) score = 0.7;
  else if (digits >= 10) score = 0.6;
  if (hasContextBefore(text, index, PHONE_CONTEXT, 40)) score = Math.min(0.95, score + 0.3);
  return score;
}

export function detectPhones(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(PHONE)) {
    const score = phoneScore(text, m[0], m.index);
    if (score > 0) spans.push({ start: m.index, end: m.index + m[0].length, type: 'PHONE_NUMBER', score });
  }
  for (const m of text.matchAll(E164)) {
    spans.push({ start: m.index, end: m.index + m[0].length, type: 'PHONE_NUMBER', score: 0.8 });
  }
  return spans;
}
