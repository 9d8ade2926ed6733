import type { SqlExecutor, SqlRow, SqlValue } from '../../spec/index.ts';
import { json, jsonOrNull, num, placeholders, strOrNull } from '../sql.ts';
import type { DatasetItem, ItemAssertion, NewItem, Provenance } from './types.ts';

/** SQL for eval_items rows: reading, batched inserting, paging. */

export const ITEM_COLUMNS =
  'seq, item_id, input, expected, context, metadata, tags, provenance, source, assertions, created_at';

export function itemOf(row: SqlRow): DatasetItem {
  return {
    id: String(row.item_id),
    seq: num(row.seq),
    input: json(row.input),
    expected: strOrNull(row.expected),
    context: json<string[]>(row.context),
    metadata: json<Record<string, unknown>>(row.metadata),
    tags: json<string[]>(row.tags),
    provenance: String(row.provenance) as Provenance,
    source: strOrNull(row.source),
    assertions: jsonOrNull<ItemAssertion[]>(row.assertions),
    createdAt: num(row.created_at),
  };
}

/** Rows per INSERT: 13 params each, well under SQLite's and Postgres's parameter limits. */
const BATCH = 200;

export async function insertItems(
  tx: SqlExecutor,
  target: { datasetId: string; version: number; firstSeq: number; now: number },
  items: readonly (NewItem & { id: string })[],
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    const params: SqlValue[] = [];
    batch.forEach((item, i) => {
      params.push(
        target.datasetId,
        target.version,
        target.firstSeq + start + i,
        item.id,
        JSON.stringify(item.input),
        item.expected ?? null,
        JSON.stringify(item.context ?? []),
        JSON.stringify(item.metadata ?? {}),
        JSON.stringify(item.tags ?? []),
        item.provenance ?? 'unknown',
        item.source ?? null,
        item.assertions ? JSON.stringify(item.assertions) : null,
        target.now,
      );
    });
    const rows = batch.map(() => `(${placeholders(13)})`).join(', ');
    await tx.execute(`INSERT INTO eval_items (dataset_id, version, ${ITEM_COLUMNS}) VALUES ${rows}`, params);
  }
}

export async function pageItems(
  sql: SqlExecutor,
  query: { datasetId: string; version: number; afterSeq: number; limit: number },
): Promise<DatasetItem[]> {
  const rows = await sql.query(
    `SELECT ${ITEM_COLUMNS} FROM eval_items WHERE dataset_id = ? AND version = ? AND seq > ? ORDER BY seq LIMIT ?`,
    [query.datasetId, query.version, query.afterSeq, query.limit],
  );
  return rows.map(itemOf);
}

/** Every item of a version, a page at a time: memory stays flat however large the dataset. */
export async function* iterateItems(
  sql: SqlExecutor,
  where: { datasetId: string; version: number; pageSize?: number },
): AsyncGenerator<DatasetItem[]> {
  let afterSeq = -1;
  const limit = where.pageSize ?? 500;
  for (;;) {
    const page = await pageItems(sql, {
      datasetId: where.datasetId,
      version: where.version,
      afterSeq,
      limit,
    });
    if (page.length === 0) return;
    yield page;
    if (page.length < limit) return;
    afterSeq = page.at(-1)!.seq;
  }
}
