/**
 * A minimal TOML reader for the subset the gitleaks rule file uses: comments, `[table]`,
 * `[[array.of.tables]]` (nested under the last element of its parent array), `key = value` with
 * literal ('…', '''…''') and basic ("…") strings, numbers, booleans and (multi-line) arrays.
 * It exists so the rule build needs no TOML dependency; anything outside the subset throws with
 * the line number rather than being misread.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

class Cursor {
  pos = 0;
  readonly src: string;
  constructor(src: string) {
    this.src = src;
  }
  get done(): boolean {
    return this.pos >= this.src.length;
  }
  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }
  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }
  line(): number {
    return this.src.slice(0, this.pos).split('\n').length;
  }
  fail(message: string): never {
    throw new Error(`TOML line ${this.line()}: ${message}`);
  }
  /** Skips spaces, tabs, and (when `newlines`) line breaks and comments. */
  skip(newlines: boolean): void {
    while (!this.done) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '#') {
        while (!this.done && this.peek() !== '\n') this.pos++;
      } else if (newlines && c === '\n') this.pos++;
      else break;
    }
  }
}

const BASIC_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  '"': '"',
  '\\': '\\',
};

function readString(cur: Cursor): string {
  for (const delim of ["'''", '"""']) {
    if (cur.startsWith(delim)) {
      const end = cur.src.indexOf(delim, cur.pos + 3);
      if (end < 0) cur.fail('unterminated multi-line string');
      let body = cur.src.slice(cur.pos + 3, end);
      if (body.startsWith('\n')) body = body.slice(1);
      cur.pos = end + 3;
      return delim === "'''" ? body : unescapeBasic(body, cur);
    }
  }
  const quote = cur.peek();
  cur.pos++;
  let out = '';
  while (!cur.done && cur.peek() !== quote) {
    if (cur.peek() === '\n') cur.fail('newline in string');
    if (quote === '"' && cur.peek() === '\\') {
      const next = cur.peek(1);
      if (next === 'u' || next === 'U') {
        const len = next === 'u' ? 4 : 8;
        out += String.fromCodePoint(Number.parseInt(cur.src.slice(cur.pos + 2, cur.pos + 2 + len), 16));
        cur.pos += 2 + len;
        continue;
      }
      const mapped = BASIC_ESCAPES[next];
      if (mapped === undefined) cur.fail(`unsupported escape \\${next}`);
      out += mapped;
      cur.pos += 2;
      continue;
    }
    out += cur.peek();
    cur.pos++;
  }
  if (cur.done) cur.fail('unterminated string');
  cur.pos++;
  return out;
}

function unescapeBasic(body: string, cur: Cursor): string {
  return body.replace(/\\(.)/g, (_m, c: string) => BASIC_ESCAPES[c] ?? cur.fail(`unsupported escape \\${c}`));
}

function readValue(cur: Cursor): TomlValue {
  const c = cur.peek();
  if (c === "'" || c === '"') return readString(cur);
  if (c === '[') {
    cur.pos++;
    const items: TomlValue[] = [];
    for (;;) {
      cur.skip(true);
      if (cur.peek() === ']') break;
      items.push(readValue(cur));
      cur.skip(true);
      if (cur.peek() === ',') cur.pos++;
      else if (cur.peek() !== ']') cur.fail('expected , or ] in array');
    }
    cur.pos++;
    return items;
  }
  const m = /^(true|false|[+-]?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
    cur.src.slice(cur.pos, cur.pos + 64),
  );
  if (!m?.[1]) cur.fail(`unsupported value starting with '${c}'`);
  cur.pos += m[1].length;
  if (m[1] === 'true' || m[1] === 'false') return m[1] === 'true';
  return Number(m[1].replaceAll('_', ''));
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves a dotted header path, descending into the last element of arrays of tables. */
function openTable(root: TomlTable, path: string[], asArray: boolean, cur: Cursor): TomlTable {
  let table = root;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (last && asArray) {
      const arr = table[key] ?? [];
      if (!Array.isArray(arr)) cur.fail(`${key} is not an array of tables`);
      const fresh: TomlTable = {};
      arr.push(fresh);
      table[key] = arr;
      return fresh;
    }
    let next = table[key];
    if (Array.isArray(next)) next = next[next.length - 1];
    if (next === undefined) {
      next = {};
      table[key] = next;
    }
    if (!isTable(next)) cur.fail(`${key} is not a table`);
    table = next;
  }
  return table;
}

export function parseToml(src: string): TomlTable {
  const cur: Cursor = new Cursor(src);
  const root: TomlTable = {};
  let table = root;
  for (;;) {
    cur.skip(true);
    if (cur.done) return root;
    if (cur.peek() === '[') {
      const asArray = cur.startsWith('[[');
      const close = cur.src.indexOf(asArray ? ']]' : ']', cur.pos);
      if (close < 0) cur.fail('unterminated table header');
      const name = cur.src.slice(cur.pos + (asArray ? 2 : 1), close).trim();
      cur.pos = close + (asArray ? 2 : 1);
      table = openTable(root, name.split('.'), asArray, cur);
      continue;
    }
    const key = /^[A-Za-z0-9_-]+/.exec(cur.src.slice(cur.pos, cur.pos + 128))?.[0];
    if (!key) cur.fail('expected a key');
    cur.pos += key.length;
    cur.skip(false);
    if (cur.peek() !== '=') cur.fail(`expected = after ${key}`);
    cur.pos++;
    cur.skip(false);
    table[key] = readValue(cur);
    cur.skip(false);
    if (!cur.done && cur.peek() !== '\n') cur.fail('unexpected text after value');
  }
}
