/**
 * `key = value` candidates: a key (a run of [\w.-] starting with a letter or "_", at most 81
 * characters), an optional quote, spaces or tabs, an operator (":=", "=>", "=" or ":"), an optional
 * YAML tag, the value (quoted or up to a separator), and the rest of the line.
 */
const ASSIGNMENT_SOURCE =
  '(?<![\\w.-])([A-Za-z_][\\w.-]{0,80})["\']?[ \\t]*(?::=|=>|=|:)[ \\t]*(?:!!\\w+[ \\t]+)?("[^"\\n]{1,512}"|\'[^\'\\n]{1,512}\'|[^\\s\'"#;,]{1,512})([^\\n]*)';
/** The reference scan, trying every position (the tests compare against it). */
export const ASSIGNMENT = new RegExp(ASSIGNMENT_SOURCE, 'g');
/** The same pattern, tried only at the one key start each operator allows. */
const ASSIGNMENT_AT = new RegExp(ASSIGNMENT_SOURCE, 'y');
const KEY_MAX = 81;

const isKeyChar = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 95 || // _
  c === 46 || // .
  c === 45; // -

/**
 * Where the key of an assignment whose operator is at `op` must start: the start of the run of key
 * characters before it (skipping spaces, tabs and one quote). A match cannot start inside a run
 * (the look-behind) nor end its key before the run does (a key character would then follow it).
 */
function keyStart(text: string, op: number): number {
  let k = op;
  while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  if (k > 0 && (text.charCodeAt(k - 1) === 34 || text.charCodeAt(k - 1) === 39)) k--;
  const end = k;
  while (k > 0 && isKeyChar(text.charCodeAt(k - 1))) {
    k--;
    if (end - k > KEY_MAX) return -1;
  }
  return k < end ? k : -1;
}

/**
 * The matches of ASSIGNMENT, in order and without overlap, found from each ":" and "=" instead of
 * trying the pattern at every word of running text (most of this detector's cost on prose).
 */
export function assignmentMatches(text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let floor = 0;
  let lastStart = -1;
  for (let op = 0; op < text.length; op++) {
    const c = text.charCodeAt(op);
    if (c !== 58 && c !== 61) continue;
    const start = keyStart(text, op);
    // ":=" and "a = = b" lead back to the same key: try each start once.
    if (start < floor || start === lastStart) continue;
    lastStart = start;
    ASSIGNMENT_AT.lastIndex = start;
    const m = ASSIGNMENT_AT.exec(text);
    if (!m) continue;
    out.push(m);
    floor = start + m[0].length;
    op = Math.max(op, floor - 1);
  }
  return out;
}
