import type { SqlExecutor, SqlValue } from '../spec/index.ts';

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

// SQLite's default limit on bound variables is 32766; stay under it with room to spare.
const SQLITE_MAX_PARAMS = 30_000;

/**
 * Multi-row upsert in as few statements as the backend allows. SQLite: `INSERT … VALUES (…),(…)`
 * chunked under the variable limit. Postgres: one statement per batch whose rows travel as a
 * single JSON parameter unpacked by `jsonb_array_elements` (jsonb: parsed once; `json` would re-parse each element per column access) — one parse and one bind however many
 * rows, and no 65535-parameter ceiling (the executor binds scalars only, so no arrays/unnest).
 */
export async function bulkUpsert(tx: SqlExecutor, upsert: BulkUpsert): Promise<void> {
  if (upsert.rows.length === 0) return;
  const names = upsert.columns.map((c) => c.name).join(', ');
  const tail = `ON CONFLICT ${upsert.conflict} ${upsert.action}`;
  if (tx.dialect === 'postgres') {
    const select = upsert.columns.map((c, i) => `(e->>${i})::${c.pg}`).join(', ');
    const json = JSON.stringify(upsert.rows.map(cleanRow));
    await tx.execute(
      `INSERT INTO ${upsert.table} (${names}) SELECT ${select} FROM jsonb_array_elements(?::jsonb) AS e ${tail}`,
      [json],
    );
    return;
  }
  const width = upsert.columns.length;
  const perStatement = Math.max(1, Math.floor(SQLITE_MAX_PARAMS / width));
  const tuple = `(${upsert.columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < upsert.rows.length; start += perStatement) {
    const chunk = upsert.rows.slice(start, start + perStatement);
    const params: SqlValue[] = [];
    for (const row of chunk) for (const value of row) params.push(clean(value));
    const values = new Array<string>(chunk.length).fill(tuple).join(', ');
    await tx.execute(`INSERT INTO ${upsert.table} (${names}) VALUES ${values} ${tail}`, params);
  }
}

/**
 * Text Postgres can store: no NUL characters, no lone UTF-16 surrogates (both are errors there).
 * Applied on SQLite too so both backends hold the same strings.
 */
export function cleanText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '') : wellFormed;
}

function clean(value: SqlValue): SqlValue {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function cleanRow(row: readonly SqlValue[]): unknown[] {
  return row.map((value) => {
    const v = clean(value);
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
