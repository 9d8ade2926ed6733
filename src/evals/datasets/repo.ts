import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import { canonicalJson } from '../canonical.ts';
import { num } from '../sql.ts';
import { ITEM_COLUMNS, insertItems, itemOf, iterateItems, pageItems } from './item-rows.ts';
import { assignIds } from './item-schema.ts';
import type { Dataset, DatasetItem, DatasetVersion, NewItem } from './types.ts';

export const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

function datasetOf(row: SqlRow): Dataset {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    latestVersion: num(row.latest_version),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function versionOf(row: SqlRow): DatasetVersion {
  return {
    datasetId: String(row.dataset_id),
    version: num(row.version),
    itemCount: num(row.item_count),
    locked: num(row.locked) === 1,
    message: String(row.message),
    createdAt: num(row.created_at),
  };
}

export interface WriteResult {
  dataset: Dataset;
  version: number;
  /** True when the write created a new version (the previous one was locked). */
  newVersion: boolean;
}

/**
 * Versioned datasets. The latest version is a draft until an experiment uses it (`lock`); from
 * then on it is immutable and any edit copies it into a new version first (copy-on-write, in one
 * transaction). Triggers in the schema enforce the same rule underneath.
 */
export class DatasetRepo {
  readonly sql: SqlExecutor;
  readonly #now: () => number;

  constructor(sql: SqlExecutor, options: { now?: () => number } = {}) {
    this.sql = sql;
    this.#now = options.now ?? Date.now;
  }

  async create(input: { name: string; description?: string }): Promise<Dataset> {
    if (!DATASET_NAME.test(input.name)) {
      throw new KeelError('invalid_request', `Invalid dataset name '${input.name.slice(0, 140)}'`, {
        param: 'name',
      });
    }
    const now = this.#now();
    const id = uuidv7();
    await this.sql.transaction(async (tx) => {
      await tx.execute(
        'INSERT INTO eval_datasets (id, name, description, latest_version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
        [id, input.name, input.description ?? '', now, now],
      );
      await tx.execute(
        'INSERT INTO eval_dataset_versions (dataset_id, version, item_count, locked, message, created_at) VALUES (?, 1, 0, 0, ?, ?)',
        [id, 'created', now],
      );
    });
    return {
      id,
      name: input.name,
      description: input.description ?? '',
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    };
  }

  async get(name: string, tx: SqlExecutor = this.sql): Promise<Dataset | null> {
    const lock = tx.dialect === 'postgres' && tx !== this.sql ? ' FOR UPDATE' : '';
    const rows = await tx.query(`SELECT * FROM eval_datasets WHERE name = ?${lock}`, [name]);
    return rows[0] ? datasetOf(rows[0]) : null;
  }

  async getById(id: string): Promise<Dataset | null> {
    const rows = await this.sql.query('SELECT * FROM eval_datasets WHERE id = ?', [id]);
    return rows[0] ? datasetOf(rows[0]) : null;
  }

  async require(name: string, tx: SqlExecutor = this.sql): Promise<Dataset> {
    const dataset = await this.get(name, tx);
    if (!dataset)
      throw new KeelError('not_found', `No dataset named '${name.slice(0, 140)}'`, { param: 'dataset' });
    return dataset;
  }

  async list(): Promise<Dataset[]> {
    return (await this.sql.query('SELECT * FROM eval_datasets ORDER BY name')).map(datasetOf);
  }

  async versions(datasetId: string): Promise<DatasetVersion[]> {
    const rows = await this.sql.query(
      'SELECT * FROM eval_dataset_versions WHERE dataset_id = ? ORDER BY version',
      [datasetId],
    );
    return rows.map(versionOf);
  }

  async version(datasetId: string, version: number): Promise<DatasetVersion> {
    const rows = await this.sql.query(
      'SELECT * FROM eval_dataset_versions WHERE dataset_id = ? AND version = ?',
      [datasetId, version],
    );
    if (!rows[0])
      throw new KeelError('not_found', `Dataset version ${version} does not exist`, { param: 'version' });
    return versionOf(rows[0]);
  }

  /** Marks a version as used: immutable from now on. Returns its item count. */
  async lock(datasetId: string, version: number): Promise<number> {
    await this.sql.execute(
      'UPDATE eval_dataset_versions SET locked = 1 WHERE dataset_id = ? AND version = ?',
      [datasetId, version],
    );
    return (await this.version(datasetId, version)).itemCount;
  }

  /** The version edits go to: the latest if it is a draft, else a fresh copy of it. */
  async #writable(tx: SqlExecutor, name: string, message: string) {
    const dataset = await this.require(name, tx);
    const current = await tx.query(
      'SELECT locked, item_count FROM eval_dataset_versions WHERE dataset_id = ? AND version = ?',
      [dataset.id, dataset.latestVersion],
    );
    if (num(current[0]?.locked) !== 1) return { dataset, version: dataset.latestVersion, newVersion: false };
    const next = dataset.latestVersion + 1;
    const now = this.#now();
    await tx.execute(
      'INSERT INTO eval_dataset_versions (dataset_id, version, item_count, locked, message, created_at) VALUES (?, ?, ?, 0, ?, ?)',
      [dataset.id, next, num(current[0]?.item_count), message, now],
    );
    await tx.execute(
      `INSERT INTO eval_items (dataset_id, version, ${ITEM_COLUMNS})
       SELECT dataset_id, ?, ${ITEM_COLUMNS} FROM eval_items WHERE dataset_id = ? AND version = ?`,
      [next, dataset.id, dataset.latestVersion],
    );
    await tx.execute('UPDATE eval_datasets SET latest_version = ?, updated_at = ? WHERE id = ?', [
      next,
      now,
      dataset.id,
    ]);
    return { dataset: { ...dataset, latestVersion: next, updatedAt: now }, version: next, newVersion: true };
  }

  async #recount(tx: SqlExecutor, datasetId: string, version: number): Promise<void> {
    await tx.execute(
      `UPDATE eval_dataset_versions SET item_count = (SELECT COUNT(*) FROM eval_items WHERE dataset_id = ? AND version = ?)
       WHERE dataset_id = ? AND version = ?`,
      [datasetId, version, datasetId, version],
    );
    await tx.execute('UPDATE eval_datasets SET updated_at = ? WHERE id = ?', [this.#now(), datasetId]);
  }

  /** Appends items (ids derived from content when absent); a duplicate id is a 409. */
  async addItems(
    name: string,
    items: readonly NewItem[],
    message = 'items added',
  ): Promise<WriteResult & { ids: string[] }> {
    return this.sql.transaction(async (tx) => {
      const target = await this.#writable(tx, name, message);
      const existing = await tx.query('SELECT item_id FROM eval_items WHERE dataset_id = ? AND version = ?', [
        target.dataset.id,
        target.version,
      ]);
      const taken = new Set(existing.map((r) => String(r.item_id)));
      const explicit = items.find((item) => item.id !== undefined && taken.has(item.id));
      if (explicit) throw new KeelError('conflict', `Item '${explicit.id}' already exists`, { param: 'id' });
      const withIds = assignIds(items, taken);
      const maxSeq = await tx.query(
        'SELECT MAX(seq) AS m FROM eval_items WHERE dataset_id = ? AND version = ?',
        [target.dataset.id, target.version],
      );
      const firstSeq = maxSeq[0]?.m === null || maxSeq[0]?.m === undefined ? 0 : num(maxSeq[0].m) + 1;
      await insertItems(
        tx,
        { datasetId: target.dataset.id, version: target.version, firstSeq, now: this.#now() },
        withIds,
      );
      await this.#recount(tx, target.dataset.id, target.version);
      return { ...target, ids: withIds.map((i) => i.id) };
    });
  }

  /** Replaces an item's content (same id); copy-on-write when the version is locked. */
  async updateItem(name: string, id: string, item: NewItem): Promise<WriteResult> {
    return this.sql.transaction(async (tx) => {
      const target = await this.#writable(tx, name, `item ${id} edited`);
      const { changes } = await tx.execute(
        `UPDATE eval_items SET input = ?, expected = ?, context = ?, metadata = ?, tags = ?, provenance = ?, source = ?, assertions = ?
         WHERE dataset_id = ? AND version = ? AND item_id = ?`,
        [
          JSON.stringify(item.input),
          item.expected ?? null,
          JSON.stringify(item.context ?? []),
          JSON.stringify(item.metadata ?? {}),
          JSON.stringify(item.tags ?? []),
          item.provenance ?? 'unknown',
          item.source ?? null,
          item.assertions ? JSON.stringify(item.assertions) : null,
          target.dataset.id,
          target.version,
          id,
        ],
      );
      if (changes === 0)
        throw new KeelError('not_found', `No item '${id}' in dataset '${name}'`, { param: 'id' });
      await this.#recount(tx, target.dataset.id, target.version);
      return target;
    });
  }

  async deleteItem(name: string, id: string): Promise<WriteResult> {
    return this.sql.transaction(async (tx) => {
      const target = await this.#writable(tx, name, `item ${id} deleted`);
      const { changes } = await tx.execute(
        'DELETE FROM eval_items WHERE dataset_id = ? AND version = ? AND item_id = ?',
        [target.dataset.id, target.version, id],
      );
      if (changes === 0)
        throw new KeelError('not_found', `No item '${id}' in dataset '${name}'`, { param: 'id' });
      await this.#recount(tx, target.dataset.id, target.version);
      return target;
    });
  }

  /**
   * Makes the latest version hold exactly `items` (eval files with inline tests): unchanged content
   * reuses the latest version; anything else becomes a new version (or rewrites an unused draft).
   */
  async sync(name: string, items: readonly NewItem[], description = ''): Promise<WriteResult> {
    if (!(await this.get(name))) await this.create({ name, description }).catch(ignoreConflict);
    const wanted = assignIds(items);
    const dataset = await this.require(name);
    if (await this.#sameContent(dataset, wanted))
      return { dataset, version: dataset.latestVersion, newVersion: false };
    return this.sql.transaction(async (tx) => {
      const target = await this.#writable(tx, name, 'synced from eval file');
      await tx.execute('DELETE FROM eval_items WHERE dataset_id = ? AND version = ?', [
        target.dataset.id,
        target.version,
      ]);
      await insertItems(
        tx,
        { datasetId: target.dataset.id, version: target.version, firstSeq: 0, now: this.#now() },
        wanted,
      );
      await this.#recount(tx, target.dataset.id, target.version);
      return target;
    });
  }

  async #sameContent(dataset: Dataset, wanted: readonly (NewItem & { id: string })[]): Promise<boolean> {
    const version = await this.version(dataset.id, dataset.latestVersion);
    if (version.itemCount !== wanted.length) return false;
    let i = 0;
    for await (const page of iterateItems(this.sql, {
      datasetId: dataset.id,
      version: dataset.latestVersion,
    })) {
      for (const item of page) {
        const want = wanted[i++];
        if (!want || canonicalJson(comparable(item)) !== canonicalJson(comparable(want))) return false;
      }
    }
    return i === wanted.length;
  }

  async getItem(datasetId: string, version: number, itemId: string): Promise<DatasetItem | null> {
    const rows = await this.sql.query(
      `SELECT ${ITEM_COLUMNS} FROM eval_items WHERE dataset_id = ? AND version = ? AND item_id = ?`,
      [datasetId, version, itemId],
    );
    return rows[0] ? itemOf(rows[0]) : null;
  }

  page(query: {
    datasetId: string;
    version: number;
    afterSeq: number;
    limit: number;
  }): Promise<DatasetItem[]> {
    return pageItems(this.sql, query);
  }

  iterate(datasetId: string, version: number, pageSize?: number): AsyncGenerator<DatasetItem[]> {
    return iterateItems(this.sql, { datasetId, version, ...(pageSize ? { pageSize } : {}) });
  }
}

function comparable(item: NewItem & { id: string }) {
  return {
    id: item.id,
    input: item.input,
    expected: item.expected ?? null,
    context: item.context ?? [],
    metadata: item.metadata ?? {},
    tags: item.tags ?? [],
    provenance: item.provenance ?? 'unknown',
    source: item.source ?? null,
    assertions: item.assertions ?? null,
  };
}

function ignoreConflict(error: unknown): void {
  if (error instanceof KeelError && error.code === 'conflict') return;
  throw error;
}
