import { KeelError } from '../../errors/index.ts';
import { parseCsvRecords } from '../../guard/eval/index.ts';
import { parseItem } from './item-schema.ts';
import type { DatasetItem, NewItem, Provenance } from './types.ts';

/**
 * Dataset files. JSONL: one item per line (`{"input": {...}, "expected": …}`, or promptfoo-style
 * `{"vars": {...}}`). CSV: reserved columns `id, expected, context, tags, metadata, provenance,
 * source, messages, assert`; every other column is a variable (`vars.` prefix optional). Structured
 * cells (context, tags, metadata, messages, assert) hold JSON; tags may also be comma-separated.
 * Variables come back as strings, and an empty cell means "not set" (use JSONL for typed values).
 */

export interface ImportOptions {
  /** Provenance for items that do not state one (default 'unknown'). */
  provenance?: Provenance;
  /** `source` for items that do not state one, e.g. `import:golden.csv`. */
  source?: string;
}

function withDefaults(item: NewItem, options: ImportOptions): NewItem {
  const out = { ...item };
  if (out.provenance === undefined && options.provenance) out.provenance = options.provenance;
  if (out.source === undefined && options.source) out.source = options.source;
  return out;
}

export function parseJsonl(text: string, options: ImportOptions = {}): NewItem[] {
  const items: NewItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new KeelError('invalid_request', `JSONL line ${index + 1}: not valid JSON`);
    }
    items.push(withDefaults(parseItem(raw, `JSONL line ${index + 1}`), options));
  });
  return items;
}

const RESERVED = new Set([
  'id',
  'expected',
  'context',
  'tags',
  'metadata',
  'provenance',
  'source',
  'messages',
  'assert',
]);

function jsonCell(value: string, where: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new KeelError('invalid_request', `${where}: not valid JSON`);
  }
}

function csvRow(record: Record<string, string>, where: string): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    const name = undefuse(column.trim());
    const value = undefuse(cell);
    if (!RESERVED.has(name)) {
      // CSV cannot tell an empty value from an absent one: an empty cell leaves the variable unset.
      if (name !== '' && value !== '') vars[name.startsWith('vars.') ? name.slice(5) : name] = value;
      continue;
    }
    if (value === '') continue;
    const at = `${where}, column ${name}`;
    if (name === 'tags') {
      raw.tags = value.trim().startsWith('[')
        ? jsonCell(value, at)
        : value
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
    } else if (name === 'context') {
      raw.context = value.trim().startsWith('[') ? jsonCell(value, at) : value;
    } else if (name === 'metadata' || name === 'messages' || name === 'assert') {
      raw[name] = jsonCell(value, at);
    } else raw[name] = value;
  }
  if (Object.keys(vars).length > 0) raw.vars = vars;
  return raw;
}

export function parseCsvItems(text: string, options: ImportOptions = {}): NewItem[] {
  return parseCsvRecords(text).map((record, index) => {
    const where = `CSV record ${index + 1}`;
    return withDefaults(parseItem(csvRow(record, where), where), options);
  });
}

export function parseItemsFile(
  text: string,
  format: 'jsonl' | 'csv',
  options: ImportOptions = {},
): NewItem[] {
  return format === 'csv' ? parseCsvItems(text, options) : parseJsonl(text, options);
}

/** One item as a JSONL line (the canonical shape, re-importable as is). */
export function itemToJsonl(item: DatasetItem): string {
  const out: Record<string, unknown> = { id: item.id, input: item.input };
  if (item.expected !== null) out.expected = item.expected;
  if (item.context.length > 0) out.context = item.context;
  if (Object.keys(item.metadata).length > 0) out.metadata = item.metadata;
  if (item.tags.length > 0) out.tags = item.tags;
  out.provenance = item.provenance;
  if (item.source !== null) out.source = item.source;
  if (item.assertions) out.assert = item.assertions;
  return `${JSON.stringify(out)}\n`;
}

/**
 * A cell a spreadsheet would run as a formula (= + - @, tab, CR at the start), or such a cell
 * already defused: export prefixes one `'`, and import takes one off, so files round-trip.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
const NUMBER = /^[-+]?\d+(\.\d+)?$/;
const undefuse = (value: string): string => (/^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

/**
 * RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. A cell
 * that looks like a formula (not a plain number) gets a leading `'`, so a spreadsheet shows it.
 */
export function csvField(value: string): string {
  const safe = FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(variables: readonly string[]): string {
  const columns = [
    'id',
    ...variables.map((v) => (RESERVED.has(v) || v.startsWith('vars.') ? `vars.${v}` : v)),
  ];
  columns.push('messages', 'expected', 'context', 'tags', 'metadata', 'provenance', 'source', 'assert');
  return `${columns.map(csvField).join(',')}\n`;
}

const cellOf = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** One item as a CSV line under `csvHeader(variables)`. */
export function itemToCsv(item: DatasetItem, variables: readonly string[]): string {
  const vars = item.input.variables ?? {};
  const cells = [item.id, ...variables.map((v) => cellOf(vars[v]))];
  cells.push(
    item.input.messages ? JSON.stringify(item.input.messages) : '',
    item.expected ?? '',
    item.context.length > 0 ? JSON.stringify(item.context) : '',
    item.tags.length > 0 ? JSON.stringify(item.tags) : '',
    Object.keys(item.metadata).length > 0 ? JSON.stringify(item.metadata) : '',
    item.provenance,
    item.source ?? '',
    item.assertions ? JSON.stringify(item.assertions) : '',
  );
  return `${cells.map(csvField).join(',')}\n`;
}
