import { cardNetwork, ibanValid, luhnValid, ssnValid } from './checksums.ts';
import { hasContextBefore, type PiiSpan } from './types.ts';

/**
 * Payment cards (Luhn + issuer prefix), IBANs (country length + mod-97) and US SSNs (SSA validity
 * rules). The checksums are what keep order numbers, tracking IDs and ISBNs from matching.
 */

const CARD = /(?<![\w.+-])\d(?:[ -]?\d){11,18}(?![\w]|[.-]\d)/g;
const CARD_CONTEXT = /\b(?:card|cc|credit|debit|visa|mastercard|amex|payment|pay|charge)\b/i;

export function detectCards(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(CARD)) {
    const value = m[0];
    // Mixed separators ("1234-5678 9012") are not how cards are written.
    if (value.includes(' ') && value.includes('-')) continue;
    const digits = value.replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19) continue;
    if (!luhnValid(digits) || !cardNetwork(digits)) continue;
    const score = hasContextBefore(text, m.index, CARD_CONTEXT, 40) ? 0.95 : 0.85;
    spans.push({ start: m.index, end: m.index + value.length, type: 'CREDIT_CARD', score });
  }
  return spans;
}

const IBAN = /(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?![\w])/g;

export function detectIbans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(IBAN)) {
    let value = m[0];
    // The optional tail can swallow a following word fragment; trim until the checksum holds.
    while (value.length >= 15 && !ibanValid(value)) {
      const cut = value.lastIndexOf(' ');
      if (cut < 0) break;
      value = value.slice(0, cut);
    }
    if (!ibanValid(value)) continue;
    spans.push({ start: m.index, end: m.index + value.length, type: 'IBAN_CODE', score: 0.95 });
  }
  return spans;
}

const SSN = /(?<![\w-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w]|-\d)/g;
const SSN_CONTEXT = /\b(?:ssn|ss#|social security|social sec|tax id|tin)\b/i;

export function detectSsns(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(SSN)) {
    const [whole, area = '', sep = '', group = '', serial = ''] = m;
    if (!ssnValid(area, group, serial)) continue;
    const context = hasContextBefore(text, m.index, SSN_CONTEXT, 50);
    // Nine bare digits or space-separated groups are too common to call an SSN without context.
    if (sep !== '-' && !context) continue;
    spans.push({ start: m.index, end: m.index + whole.length, type: 'US_SSN', score: context ? 0.95 : 0.8 });
  }
  return spans;
}
