import type { SqlExecutor, SqlValue } from '../spec/index.ts';
import { cleanJsonText } from '../store/index.ts';

/** A column of a bulk statement; `pg` is the Postgres type its JSON text is cast to. */
export interface BulkColumn {
  name: string;
  pg: 'text' | 'bigint' | 'integer' | 'smallint' | 'double precision' | 'jsonb';
}

export interface BulkUpsert {
  table: string;
  columns: readonly BulkColumn[];
  rows: readonly SqlValue[][];
  /** e.g. `(tenant, trace_id)`. */
  conflict: string;
  /** `DO NOTHING` or `DO UPDATE SET …` (may use `excluded.` and the table name). */
  action: string;
}

/**
 * Multi-row upsert. SQLite: `INSERT … VALUES (…),(…)` in fixed chunk sizes (see sqliteChunks),
 * so the statements stay prepared. Postgres: one statement per batch whose rows travel as a
 * single JSON parameter unpacked by `jsonb_array_elements` (jsonb: parsed once; `json` would re-parse each element per column access) — one parse and one bind however many
 * rows, and no 65535-parameter ceiling (the executor binds scalars only, so no arrays/unnest).
 */
export async function bulkUpsert(tx: SqlExecutor, upsert: BulkUpsert): Promise<void> {
  if (upsert.rows.length === 0) return;
  const names = upsert.columns.map((c) => c.name).join(', ');
  const tail = `ON CONFLICT ${upsert.conflict} ${upsert.action}`;
  if (tx.dialect === 'postgres') {
    const select = upsert.columns.map((c, i) => `(e->>${i})::${c.pg}`).join(', ');
    const json = JSON.stringify(upsert.rows.map((row) => cleanRow(row, upsert.columns)));
    await tx.execute(
      `INSERT INTO ${upsert.table} (${names}) SELECT ${select} FROM jsonb_array_elements(?::jsonb) AS e ${tail}`,
      [json],
    );
    return;
  }
  const width = upsert.columns.length;
  const tuple = `(${upsert.columns.map(() => '?').join(', ')})`;
  let start = 0;
  for (const size of sqliteChunks(upsert.rows.length, width)) {
    const chunk = upsert.rows.slice(start, start + size);
    start += size;
    const params: SqlValue[] = [];
    for (const row of chunk) {
      for (const [i, value] of row.entries()) params.push(clean(value, upsert.columns[i]));
    }
    const values = new Array<string>(size).fill(tuple).join(', ');
    await tx.execute(`INSERT INTO ${upsert.table} (${names}) VALUES ${values} ${tail}`, params);
  }
}

/**
 * Bound variables per SQLite statement: few enough that its SQL text stays under the executor's
 * prepared-statement cache limit (and far under SQLite's 32766-variable limit).
 */
const SQLITE_CACHED_PARAMS = 1024;

/**
 * Row counts of the SQLite statements for `rows` rows: full chunks of the largest power of two
 * that fits, then the remainder in descending powers of two. Each table then only ever sees a
 * handful of statement texts, which the executor keeps prepared; one statement per batch size
 * was prepared anew for every batch (8 % of OTLP ingest's CPU, and native memory churn).
 */
export function sqliteChunks(rows: number, width: number): number[] {
  const fit = Math.max(1, Math.floor(SQLITE_CACHED_PARAMS / width));
  const full = 2 ** Math.floor(Math.log2(fit));
  const sizes: number[] = [];
  let left = rows;
  while (left >= full) {
    sizes.push(full);
    left -= full;
  }
  for (let size = full >> 1; size >= 1; size >>= 1) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/**
 * Text Postgres can store: no NUL characters, no lone UTF-16 surrogates (both are errors there).
 * Applied on SQLite too so both backends hold the same strings.
 */
export function cleanText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '') : wellFormed;
}

function clean(value: SqlValue, column: BulkColumn | undefined): SqlValue {
  // jsonb refuses the escapes JSON.stringify writes for NUL and lone surrogates (22P05).
  if (typeof value === 'string')
    return column?.pg === 'jsonb' ? cleanJsonText(value, cleanText) : cleanText(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function cleanRow(row: readonly SqlValue[], columns: readonly BulkColumn[]): unknown[] {
  return row.map((value, i) => {
    const v = clean(value, columns[i]);
    return typeof v === 'bigint' ? v.toString() : v;
  });
}

/** `?, ?, ?` for an IN list. */
export function marks(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

/** The backend's JSON object merge (new keys win): SQLite json_patch, Postgres jsonb `||`. */
export function jsonMerge(dialect: SqlExecutor['dialect'], stored: string, incoming: string): string {
  return dialect === 'postgres' ? `${stored} || ${incoming}` : `json_patch(${stored}, ${incoming})`;
}
