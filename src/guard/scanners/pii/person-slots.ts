import { FUNCTION_WORDS } from './person-context.ts';
import { keyBefore, keyStrength } from './person-slot-keys.ts';
import { nameValue, type SlotName, set } from './person-slot-value.ts';
import { tokenize } from './person-tokens.ts';

/**
 * Names in places where only a name can stand: a field whose key names a person (`"customer":
 * "Takahito"`, `recipient=…`, `| driver howard |`, a table's Name column), an e-mail's quote header
 * or display name ("On 1993-08-24, Nunzia wrote:", `Ragnarsdóttir <t@x.com>`), the line after
 * SHIP TO, Attn or c/o, the line after a sign-off ("Kind regards\nAndreassen"), and the first cell of
 * a record whose next cell is an address ("Hale\tFreistädter Strasse 61"). There the layout, not
 * capitals or the name lists, says a person is meant, so surnames no list holds and names typed in
 * lower or upper case are found. The value must still look like a name: one to four words of
 * letters, none an English word that is no name ("n/a", "enterprise", "the team", "Warehouse 5"),
 * an organisation or place noun ("Acme Corp", "Sales Department"), a technology ("nvidia-535",
 * "Kubernetes") or an e-mail. Every cue is found by one linear regex or a bounded look around a
 * separator, so long hostile inputs cost a single pass.
 */
export type { SlotName };

/** Where a field's unquoted value ends: a line break or a field separator. */
const FIELD_END = /[\n\r\t,;|<>(){}[\]]| [—–-] /g;

/** Where a `key=value` value ends: `user=ana action=login`. */
const WORD_END = /[\s,;&|)}\]>"'=]/;

function fieldEnd(text: string, from: number, stopAtSpace: boolean): number {
  const limit = Math.min(text.length, from + 80);
  if (stopAtSpace) {
    const k = text.slice(from, limit).search(WORD_END);
    return k < 0 ? limit : from + k;
  }
  // Searched in a bounded window: a text with no separator must not be rescanned from every cue.
  FIELD_END.lastIndex = 0;
  const m = FIELD_END.exec(text.slice(from, limit));
  return m ? from + m.index : limit;
}

/** The value after a separator at `from`: quoted to its closing quote, or to the field's end. */
function valueAfter(text: string, from: number, equals: boolean): [number, number] | undefined {
  let k = from;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  const q = text[k];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, k + 1);
    if (close < 0 || close - k > 80 || text.slice(k + 1, close).includes('\n')) return undefined;
    return [k + 1, close];
  }
  return [k, fieldEnd(text, k, equals)];
}

/** `"customer": "Takahito"`, `Customer: edwards <…>`, `user=ana`, `Full name: Jane Doe`. */
function keyedFields(text: string, out: SlotName[]): void {
  const SEPARATOR = /[:=]/g;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    const at = m.index;
    const next = text[at + 1];
    if (next === '/' || next === '=' || next === ':' || next === '>') continue;
    // The key: letters, "_", "-", "." and single spaces, read backwards from the separator.
    let k = at;
    while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t') && at - k < 4) k--;
    if (k > 0 && (text[k - 1] === '"' || text[k - 1] === "'")) k--;
    const strength = keyBefore(text, k);
    if (!strength) continue;
    const value = valueAfter(text, at + 1, m[0] === '=');
    // "author": "Will Welch <welch@…>": the name before the mailbox.
    const found = value && nameValue(text, value[0], beforeAddress(text, value[1], value[0]), strength);
    if (found) out.push(found);
  }
}

/** `| driver howard |`: a key word and its value as one cell of a log line. */
const BARE_FIELD = /(?:^|\|)[ \t]*([A-Za-z]{3,12})[ \t]+(?=[^\s|])/gm;

function bareFields(text: string, out: SlotName[]): void {
  for (let m = BARE_FIELD.exec(text); m; m = BARE_FIELD.exec(text)) {
    const strength = keyStrength(m[1] as string);
    if (!strength || (m[1] as string).toLowerCase().endsWith('name')) continue;
    const from = m.index + m[0].length;
    const end = fieldEnd(text, from, false);
    // The cell must end there: a pipe, a tab or the line's end, not a comma inside prose.
    if (!/^[ \t]*(?:[|\t;]|\r?\n|$)/.test(text.slice(end, end + 3))) continue;
    const found = nameValue(text, from, end, strength);
    if (found) out.push(found);
  }
}

/**
 * A line that is only a label, the name on the next line: "SHIP TO", "Attn:", and sign-offs
 * ("Kind regards", "Thanks,").
 */
const LABEL_LINE =
  /^[ \t>]*(?:(ship to|bill to|sold to|deliver to|send to|attn|attention|c\/o|care of|recipient|consignee|addressee)|((?:(?:kind|best|warm|warmest|many) )?(?:regards|wishes|thanks)|thank you|cheers|sincerely|yours (?:truly|sincerely|faithfully)|best|cordially|respectfully|take care))[ \t]*[:,.!]?[ \t]*\r?\n/gim;

function labelLines(text: string, out: SlotName[]): void {
  for (let m = LABEL_LINE.exec(text); m; m = LABEL_LINE.exec(text)) {
    const from = m.index + m[0].length;
    const found = nameValue(text, from, fieldEnd(text, from, false), m[1] ? 'strong' : 'weak');
    if (found) out.push(found);
  }
}

/** "c/o Morrow,", "Attn Kappel", "z. Hd. Maria", "A la atención de Takahito", "à l'attention de". "Care of" is prose ("taken care of"). */
const ATTENTION =
  /(?:\bc\/o|\battn\b\.?|\bz\. ?Hd\.|\bzu Händen(?: von)?|\ba la atención de|à l['’]attention de)[ \t]*:?[ \t]*/giu;

function attention(text: string, out: SlotName[]): void {
  for (let m = ATTENTION.exec(text); m; m = ATTENTION.exec(text)) {
    const from = m.index + m[0].length;
    const found = nameValue(text, from, fieldEnd(text, from, false), 'strong');
    if (found) out.push(found);
  }
}

/** Where a run of up to five words ends at `end` begins (words joined by single spaces). */
function wordsEndingAt(text: string, end: number): number {
  let k = end;
  let words = 0;
  while (k > 0 && words < 5) {
    let w = k;
    while (w > 0 && /[\p{L}\p{M}'’.-]/u.test(text[w - 1] as string)) w--;
    if (w === k) break;
    words++;
    k = w;
    if (text[k - 1] !== ' ' || k < 2 || !/[\p{L}\p{M}.]/u.test(text[k - 2] as string)) break;
    k--;
  }
  return text[k] === ' ' ? k + 1 : k;
}

/** Skips back over spaces, quotes and an address in angle brackets or parentheses before `end`. */
function beforeAddress(text: string, end: number, from = 0): number {
  const blank = (k: number): number => {
    const stop = Math.max(from, k - 8);
    while (k > stop && /[ \t"]/.test(text[k - 1] as string)) k--;
    return k;
  };
  let k = blank(end);
  const close = text[k - 1];
  if (close === '>' || close === ')') {
    // Looked for in the last 260 characters only, so a long run of brackets stays linear.
    const window = Math.max(from, k - 260);
    const open = text.slice(window, k).lastIndexOf(close === '>' ? '<' : '(');
    if (open >= 0 && text.slice(window + open, k).includes('@')) k = blank(window + open);
  }
  return k;
}

/** "On 6/23/1982, Ronald Saibara wrote:", "Ragnarsdóttir <t@x.com> wrote:", "> smit schrieb:". */
const WROTE = /[ \t](?:wrote|writes|schrieb|escribió|a écrit|ha scritto)[ \t]?:/giu;

function quoteHeaders(text: string, out: SlotName[]): void {
  for (let m = WROTE.exec(text); m; m = WROTE.exec(text)) {
    const end = beforeAddress(text, m.index + 1);
    const found = nameValue(text, wordsEndingAt(text, end), end, 'strong', true);
    if (found) out.push(found);
  }
}

/** Mailboxes of a team or a machine: the name before them is an organisation's. */
const ROLE_MAILBOX =
  /^(?:no-?reply|do-?not-?reply|info|support|help|hello|team|contact|sales|billing|notifications?|news(?:letter)?|marketing|admin|security|service|hr|jobs|careers|press|media|feedback|orders|accounts|office|mail)\b/i;

/**
 * A display name before an address: `Jane Doe <jane@x.com>`, "Guerra (c@x.com) wants". Found from
 * each "@" (indexOf): back to "<" or "(" over the mailbox, forward to ">" or ")" over the domain.
 */
function displayNames(text: string, out: SlotName[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let open = at - 1;
    while (open >= 0 && at - open <= 65 && !/[\s<>()@]/.test(text[open] as string)) open--;
    if (open < 0 || at - open < 2 || (text[open] !== '<' && text[open] !== '(')) continue;
    let close = at + 1;
    while (close < text.length && close - at <= 254 && !/[\s<>()]/.test(text[close] as string)) close++;
    if (close - at < 2 || (text[close] !== '>' && text[close] !== ')')) continue;
    if (ROLE_MAILBOX.test(text.slice(open + 1, at))) continue;
    let end = open;
    while (end > 0 && /[ \t"]/.test(text[end - 1] as string)) end--;
    const found = nameValue(text, wordsEndingAt(text, end), end, 'weak', true);
    if (found) out.push(found);
  }
}

/**
 * A record line: a name, then " — " or a tab, then an address ("Hale\tFreistädter Strasse 61",
 * "Smith — 16 Grosse Praesidenten Str."): a house number before or after a capitalised word.
 */
const RECORD = /(?:^|\n)([^\n\t—–|]{1,60})(?:[ \t]+[—–][ \t]+|\t)/g;
const ADDRESS_NEXT =
  /^(?:\d{1,5}(?:[ -]\d{1,5})?[A-Za-z]?,? \p{Lu}|\p{Lu}[\p{L}\p{M}.'-]*(?: [\p{L}\p{M}.'-]+){0,3} \d{1,5}\b)/u;

/** Street words in English, which a heading's title case would otherwise hide ("95 Beach Road"). */
const STREET_WORDS = set(
  'street st road rd avenue ave lane ln drive dr way boulevard blvd place pl court ct square terrace close crescent highway',
);

/**
 * A house number and a street: a number beside a capitalised word, and a word that is no English
 * word or a street word ("Höfðagata 41", "95 199 Beach Road"; not "5 Star Hotels").
 */
function addressNext(field: string): boolean {
  if (!ADDRESS_NEXT.test(field)) return false;
  return tokenize(field).some((t) => t.shape !== 'lower' && (!t.isWord || STREET_WORDS.has(t.fold)));
}

function records(text: string, out: SlotName[]): void {
  for (let m = RECORD.exec(text); m; m = RECORD.exec(text)) {
    const next = m.index + m[0].length;
    RECORD.lastIndex = next;
    if (!addressNext(text.slice(next, next + 60))) continue;
    const from = m.index + (text[m.index] === '\n' ? 1 : 0);
    const found = nameValue(text, from, from + (m[1] as string).length, 'weak');
    if (found) out.push(found);
  }
}

/** A Markdown table whose header names a person column: "| Name | Address |", then "|---|---|". */
const TABLE_HEAD = /^[ \t]*\|(.*)\|[ \t]*\r?\n[ \t]*\|?[ \t]*:?-{3,}[^\n]*\n/gm;

function tableColumns(text: string, out: SlotName[]): void {
  for (let m = TABLE_HEAD.exec(text); m; m = TABLE_HEAD.exec(text)) {
    const columns = (m[1] as string).split('|').map((h) => keyStrength(h.trim()));
    if (!columns.some(Boolean)) continue;
    let line = m.index + m[0].length;
    while (line < text.length && text[line] === '|') {
      const lineEnd = text.indexOf('\n', line) < 0 ? text.length : text.indexOf('\n', line);
      let cell = line + 1;
      for (let c = 0; c < columns.length && cell < lineEnd; c++) {
        const bar = text.indexOf('|', cell);
        const cellEnd = bar < 0 || bar > lineEnd ? lineEnd : bar;
        const strength = columns[c];
        const found = strength && nameValue(text, cell, cellEnd, strength);
        if (found) out.push(found);
        cell = cellEnd + 1;
      }
      line = lineEnd + 1;
    }
    TABLE_HEAD.lastIndex = Math.max(TABLE_HEAD.lastIndex, line);
  }
}

/** Where a run of up to four words starting at `from` ends, before a function word or a sign. */
function wordsStartingAt(text: string, from: number): number {
  let k = from;
  let end = from;
  for (let words = 0; words < 4; words++) {
    let w = k;
    while (w < text.length && /[\p{L}\p{M}'’.-]/u.test(text[w] as string)) w++;
    if (w === k || FUNCTION_WORDS.has(text.slice(k, w).toLowerCase())) break;
    end = w;
    if (text[w] !== ' ') break;
    k = w + 1;
  }
  return end;
}

/** The words after `from` fill the slot: punctuation, a line's end or a function word follows. */
function fills(text: string, from: number, end: number, allowMore: boolean): boolean {
  const after = text.slice(end, end + 2);
  return end > from && (/^(?:$|[ \t]*[,!?.:;|\r\n])/.test(after) || (allowMore && after[0] === ' '));
}

/** A greeting at a line's start: "Hi howard,", "hey heather horvatinčić!!", "Hola Niklas,". */
const SALUTATION =
  /^[ \t]*(?:hi|hello|hey|dear|hola|bonjour|hallo|ciao|salut|good (?:morning|afternoon|evening))[ \t]+/gim;
/** "My name is michek.": in mixed-case text the main detector wants capitals. */
const INTRODUCTION = /\bmy name is[ \t]+/gi;

function openers(text: string, out: SlotName[]): void {
  for (const [re, strength, allowMore] of [
    [SALUTATION, 'weak', false],
    [INTRODUCTION, 'strong', true],
  ] as const) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const from = m.index + m[0].length;
      const end = wordsStartingAt(text, from);
      const found = fills(text, from, end, allowMore) && nameValue(text, from, end, strength);
      if (found) out.push(found);
    }
  }
}

/** The person addressed at a question's or an exclamation's end: "are you sure, mieszko?". */
/** A value's characters in a vocative or a speaker label: letters, marks, apostrophes, spaces, dots, hyphens. */
const VALUE_CHAR = /[\p{L}\p{M}'’ .-]/u;
const SPEAKER_NEXT =
  /^[ \t]+(?:i|i'm|i'll|i've|i'd|we|you|my|hi|hey|hello|ok|okay|yes|no|thanks|sure)(?![A-Za-z0-9_])/i;

/**
 * "…, Söderberg?": a name addressed at the end of a question or exclamation, after a comma. Found
 * from each "?"/"!" backwards to the comma (indexOf walks, no regex pass over the whole text).
 */
function vocatives(text: string, out: SlotName[]): void {
  for (const mark of ['?', '!']) {
    for (let q = text.indexOf(mark); q >= 0; q = text.indexOf(mark, q + 1)) {
      if (q > 0 && (text[q - 1] === '?' || text[q - 1] === '!')) continue;
      let r = q;
      while (r < text.length && (text[r] === '?' || text[r] === '!')) r++;
      if (r < text.length && !/\s/.test(text[r] as string)) continue;
      let valueEnd = q;
      while (valueEnd > 0 && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
      let j = valueEnd;
      while (j > 0 && q - j < 48 && VALUE_CHAR.test(text[j - 1] as string)) j--;
      if (text[j - 1] !== ',' || (text[j] !== ' ' && text[j] !== '\t')) continue;
      while (text[j] === ' ' || text[j] === '\t') j++;
      addLabelled(text, j, valueEnd, out);
    }
  }
}

/** A chat line's speaker: "kelima: I'll be at …", "Benedykta: hi" (the first ":" of its line). */
function speakerLabels(text: string, out: SlotName[]): void {
  for (let c = text.indexOf(':'); c >= 0; c = text.indexOf(':', c + 1)) {
    if (!SPEAKER_NEXT.test(text.slice(c + 1, c + 12))) continue;
    let j = text.lastIndexOf('\n', c - 1) + 1;
    if (c - j > 48 || text.slice(j, c).includes(':')) continue;
    while (text[j] === ' ' || text[j] === '\t') j++;
    addLabelled(text, j, c, out);
  }
}

/** The value text[from, to) of a vocative or speaker label, when it has lower case and looks like a name. */
function addLabelled(text: string, from: number, to: number, out: SlotName[]): void {
  const value = text.slice(from, to);
  if (value.length < 2 || value.length > 40) return;
  for (const ch of value) if (!VALUE_CHAR.test(ch)) return;
  // Capitals alone are a persona or an acronym there ("DAN: I am free", "right, OK?").
  if (!/\p{Ll}/u.test(value)) return;
  const found = nameValue(text, from, to, 'weak');
  if (found) out.push(found);
}

/** Names in person slots, in no particular order; may overlap one another and the main detector's. */
export function slotNames(text: string): SlotName[] {
  const out: SlotName[] = [];
  keyedFields(text, out);
  bareFields(text, out);
  labelLines(text, out);
  attention(text, out);
  quoteHeaders(text, out);
  displayNames(text, out);
  records(text, out);
  tableColumns(text, out);
  openers(text, out);
  vocatives(text, out);
  speakerLabels(text, out);
  return out;
}
