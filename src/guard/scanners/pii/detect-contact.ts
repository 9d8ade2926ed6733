import { hasContextBefore, type PiiSpan } from './types.ts';

/**
 * Email and phone numbers. Emails allow any Unicode letter so homoglyph and IDN addresses
 * (`jоhn@exаmple.com` with Cyrillic letters) are still caught as personal data.
 */
const EMAIL_SOURCE =
  "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+'-]{1,64}@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.){1,8}\\p{L}{2,24}(?![\\p{L}\\p{N}-])";
/** The reference scan: every position is a possible start (the tests compare against it). */
export const EMAIL = new RegExp(EMAIL_SOURCE, 'gu');
/** The same pattern tried only where an address can start (see emailMatches). */
const EMAIL_AT = new RegExp(EMAIL_SOURCE, 'uy');
/** A local part spans at most 64 code points: 128 code units. */
const LOCAL_MAX_UNITS = 128;

const isAsciiLocal = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 46 || // .
  c === 95 || // _
  c === 37 || // %
  c === 43 || // +
  c === 45 || // -
  c === 39; // '

/** One local-part character outside ASCII (a letter or digit of any script). */
const LOCAL_WIDE = /^[\p{L}\p{N}]$/u;

/**
 * Where an address ending its local part at `at` can start, in ascending order, none before
 * `floor`: the start of the run of local-part characters before the "@", and each position after
 * an apostrophe in it (the look-behind lets a match start there). The run is read back one code
 * point at a time, at most 128 code units, so a text of many "@"s costs no more than its length.
 */
function localStarts(text: string, at: number, floor: number): number[] {
  const lowest = Math.max(floor, at - LOCAL_MAX_UNITS);
  let s = at;
  while (s > lowest) {
    const c = text.charCodeAt(s - 1);
    if (c < 128) {
      if (!isAsciiLocal(c)) break;
      s--;
      continue;
    }
    // A surrogate pair is one code point: test it whole.
    const pair = c >= 0xdc00 && c <= 0xdfff && s - 2 >= lowest;
    if (!LOCAL_WIDE.test(text.slice(pair ? s - 2 : s - 1, s))) break;
    s -= pair ? 2 : 1;
  }
  const starts = [s];
  for (let i = s; i < at - 1; i++) if (text.charCodeAt(i) === 39) starts.push(i + 1);
  return starts;
}

/**
 * The matches of EMAIL, found from each "@" instead of trying the pattern at every position of the
 * text (which was most of this detector's cost on long texts). Same matches: a match's local part
 * is the character run just before its "@", and matches are taken left to right without overlap.
 */
function emailMatches(text: string): Array<{ value: string; index: number }> {
  const out: Array<{ value: string; index: number }> = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', Math.max(at + 1, floor))) {
    for (const start of localStarts(text, at, floor)) {
      EMAIL_AT.lastIndex = start;
      const m = EMAIL_AT.exec(text);
      if (!m) continue;
      out.push({ value: m[0], index: start });
      floor = start + m[0].length;
      break;
    }
  }
  return out;
}

export function detectEmails(text: string): PiiSpan[] {
  if (!text.includes('@')) return [];
  const spans: PiiSpan[] = [];
  for (const m of emailMatches(text)) {
    const value = m.value;
    // A leading dot or a double dot is not an address (e.g. "...@home.com" in prose).
    if (value.startsWith('.') || value.includes('..')) continue;
    spans.push({ start: m.index, end: m.index + value.length, type: 'EMAIL_ADDRESS', score: 0.95 });
  }
  return spans;
}

/**
 * Phone candidates, one alternative per shape: international (`+CC`, optional `(0)` trunk, digit
 * groups of any length), a national number with an `(area)` code (optionally a one- or two-digit
 * trunk before it: "8 (912) …"), NANP with a leading "1-", plain 2+ digit groups, and a bare
 * 9–11 digit run. Groups always need a separator between them, so a long digit run cannot be
 * split many ways (no backtracking blow-up). An extension may follow. Scores (phoneScore) decide
 * what counts: bare runs and six-digit numbers only with phone context; dates, IPs and SSN shapes
 * never.
 */
const GROUPS = '(?:[ .-]\\d{1,8}){0,6}';
const PHONE = new RegExp(
  '(?<![\\w+./:-])(?:' +
    `(?:\\+\\d{1,3}|\\(\\+\\d{1,3}\\))(?:[ .-]?\\(0\\d{0,2}\\))?(?:[ .-]?\\(\\d{1,5}\\))?[ .-]?\\d{1,10}${GROUPS}` +
    `|(?:\\d{1,2} ?)?\\(\\d{1,5}(?:-\\d{1,2})?\\)[ .-]?\\d{2,8}${GROUPS}` +
    '|1[ .-]\\d{3}[ .-]\\d{3}[ .-]\\d{4}' +
    '|\\d{2,6}(?:[ .-]\\d{2,8}){1,4}' +
    '|\\d(?:[ .-]\\d{2,8}){3,4}' +
    '|\\d{9,11}' +
    ')(?:[ ]?(?:x|ext\\.?|extension)[ ]?\\d{1,6})?(?![\\w/:]|[.-]\\d)',
  'g',
);
const E164 = /(?<![\w+])\+[1-9]\d{7,14}(?![\w.-]?\d)/g;
/**
 * Phone words in the languages whose formats the detector reads: the English ones, German, French,
 * Spanish, Italian, Portuguese and Dutch, and Chinese, Japanese and Korean (no word boundaries
 * there, so those are matched as they stand).
 */
const PHONE_WORDS_OTHER =
  'telefon|telefonnummer|handy|anrufen|ruf|t[ée]l[ée]phone|portable|appel(?:ez|er|le)?|tel[ée]fono|m[óo]vil|celular|ll[áa]m(?:ame|ar|a)|cellulare|chiam(?:ami|are|a)|telefone|ligue|ligar|bel|mobiel|nummer';
const PHONE_WORDS_CJK = '电话|電話|手机|手機|联系|聯繫|號碼|号码|携帯|連絡先|전화|휴대폰|연락처';
const PHONE_CONTEXT = new RegExp(
  `\\b(?:phone|tel|telephone|mobile|cell|fax|call|text|sms|whatsapp|contact|reach|dial|office|number|answering|ring|landline|${PHONE_WORDS_OTHER})\\b|${PHONE_WORDS_CJK}|[:#：]\\s*$`,
  'iu',
);
// A bare digit run needs a word that can only mean a phone: "number" alone (licence, account) won't
// do, "my number" and "text me" will.
const BARE_PHONE_CONTEXT =
  /\b(?:my number|text me|contact|phone|tel|telephone|mobile|cell|fax|call|sms|whatsapp|dial|landline|reach|telefon|handy|anrufen|t[ée]l[ée]phone|portable|tel[ée]fono|m[óo]vil|celular|ll[áa]m(?:ame|ar|a)|cellulare|chiam(?:ami|are)|telefone|mobiel)\b|电话|電話|手机|手機|携帯|전화|휴대폰/iu;
// "ticket 123456789" is a reference; "Customer: +44 …" labels a phone, "customer number 123…" does not.
const NOT_PHONE_CONTEXT =
  /\b(?:(?:order|invoice|isbn|version|ver|v|ref|reference|tracking|account|acct|id|serial|sku|po|ticket|case|claim|booking|confirmation|policy)\b(?:\s+(?:number|num|no|nr)\b)?|(?:member|customer|patient|employee|student)\s+(?:number|num|no|nr|id)\b)[\s#:.]*$/i;
const DATE_SHAPE = /^(?:\d{4}[-. ]\d{1,2}[-. ]\d{1,2}|\d{1,2}[-. ]\d{1,2}[-. ]\d{2,4})$/;
const IP_SHAPE = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
// "the years 1990 2000 2010": a run of years is not a phone number.
const YEARS_SHAPE = /^(?:1[89]\d\d|20\d\d)(?:[ .-](?:1[89]\d\d|20\d\d))+$/;

function phoneScore(text: string, value: string, index: number): number {
  const core = value.replace(/\s?(?:x|ext\.?|extension)\s?\d+$/i, '');
  const digits = core.replace(/\D/g, '').length;
  if (digits < 6 || digits > 15) return 0;
  if (DATE_SHAPE.test(core) || IP_SHAPE.test(core) || SSN_SHAPE.test(core) || YEARS_SHAPE.test(core))
    return 0;
  if (hasContextBefore(text, index, NOT_PHONE_CONTEXT, 20)) return 0;
  // Six digits ("33 93 31") is a phone only when the text says so; it stays below the 0.5 cut otherwise.
  let score = digits < 7 ? 0.2 : 0.4;
  // An unseparated run (not E.164) is an ID or amount as often as a phone: context decides.
  if (/^\d+$/.test(core)) score = 0.25;
  else if (core.startsWith('+')) score = 0.85;
  else if (core.startsWith('(')) score = 0.7;
  else if (digits >= 10) score = 0.6;
  const context = /^\d+$/.test(core) ? BARE_PHONE_CONTEXT : PHONE_CONTEXT;
  if (hasContextBefore(text, index, context, 40)) score = Math.min(0.95, score + 0.3);
  else if (score === 0.4 && wholeField(text, index, index + value.length) && CONTACT_TEXT.test(text))
    score = 0.6;
  return score;
}

// A text that carries contact details: an e-mail address or a letter's sign-off.
const CONTACT_TEXT = /@[\w-]+\.\w|\b(?:regards|sincerely|cheers|best wishes|kind wishes|yours truly)\b/i;
const FIELD_EDGE = /[\n\r\t|,;"]/;

/**
 * The value fills its line or cell: only blanks between it and a line break, a tab, "|", ",", ";" or a
 * quote on both sides ("Best regards,\nJane\nAcme\n449 4898", "…,9747 6578,jane@acme.io").
 */
function wholeField(text: string, start: number, end: number): boolean {
  let a = start - 1;
  while (a >= 0 && (text[a] === ' ' || text[a] === '\u00a0')) a--;
  let b = end;
  while (b < text.length && (text[b] === ' ' || text[b] === '\u00a0')) b++;
  return (
    (a < 0 || FIELD_EDGE.test(text[a] as string)) && (b >= text.length || FIELD_EDGE.test(text[b] as string))
  );
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
