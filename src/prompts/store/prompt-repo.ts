import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import { canonicalJson } from '../../util/index.ts';
import type {
  LabelState,
  LabelTarget,
  PromptMeta,
  PromptRecord,
  PromptVersion,
  SplitEntry,
  VersionContent,
} from '../types.ts';

/**
 * SQL for the prompt tables (src/store/schema/prompts.ts). Portable: `?` placeholders; JSON goes in
 * as text (TEXT on SQLite, JSONB on Postgres) and comes back parsed or as text, so every reader
 * goes through `json()`. Only the service writes through these functions.
 */

export const json = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
const num = (value: unknown): number => Number(value);

function metaOf(row: SqlRow): PromptMeta {
  return {
    name: String(row.name),
    description: String(row.description),
    tags: json<string[]>(row.tags),
    revision: num(row.revision),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function versionOf(row: SqlRow): PromptVersion {
  return {
    prompt: String(row.prompt),
    version: num(row.version),
    content: JSON.parse(String(row.content)) as VersionContent,
    contentHash: String(row.content_hash),
    commitMessage: String(row.commit_message),
    author: String(row.author),
    createdAt: num(row.created_at),
  };
}

function labelOf(row: SqlRow): LabelState {
  return {
    label: String(row.label),
    version: num(row.version),
    split: row.split === null || row.split === undefined ? null : json<SplitEntry[]>(row.split),
    revision: num(row.revision),
    updatedAt: num(row.updated_at),
    updatedBy: String(row.updated_by),
  };
}

const VERSION_COLUMNS = 'prompt, version, content, content_hash, commit_message, author, created_at';
const LABEL_COLUMNS = 'prompt, label, version, split, revision, updated_at, updated_by';

/** Whole prompts (meta, versions, labels); all of them, or the named one. */
export async function loadPrompts(sql: SqlExecutor, name?: string): Promise<PromptRecord[]> {
  const where = name === undefined ? '' : ' WHERE name = ?';
  const whereP = name === undefined ? '' : ' WHERE prompt = ?';
  const params = name === undefined ? [] : [name];
  const metas = await sql.query(`SELECT * FROM prompts${where}`, params);
  // Labels before versions: a label only ever points at a committed version, so every target
  // read here is in the versions read next (versions are never removed but with their prompt).
  const labels = await sql.query(
    `SELECT ${LABEL_COLUMNS} FROM prompt_labels${whereP} ORDER BY prompt, label`,
    params,
  );
  const versions = await sql.query(
    `SELECT ${VERSION_COLUMNS} FROM prompt_versions${whereP} ORDER BY prompt, version`,
    params,
  );
  const byName = new Map<string, PromptRecord>();
  for (const row of metas) byName.set(String(row.name), { meta: metaOf(row), versions: [], labels: [] });
  for (const row of versions) byName.get(String(row.prompt))?.versions.push(versionOf(row));
  for (const row of labels) byName.get(String(row.prompt))?.labels.push(labelOf(row));
  return [...byName.values()];
}

export async function loadPrompt(sql: SqlExecutor, name: string): Promise<PromptRecord | null> {
  return (await loadPrompts(sql, name))[0] ?? null;
}

/** name → revision, for the cheap periodic "did anything change" check. */
export async function promptRevisions(sql: SqlExecutor): Promise<Map<string, number>> {
  const rows = await sql.query('SELECT name, revision FROM prompts');
  return new Map(rows.map((row) => [String(row.name), num(row.revision)]));
}

export async function insertPrompt(tx: SqlExecutor, meta: PromptMeta): Promise<void> {
  await tx.execute(
    'INSERT INTO prompts (name, description, tags, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [meta.name, meta.description, JSON.stringify(meta.tags), meta.revision, meta.createdAt, meta.updatedAt],
  );
}

/** Marks the prompt changed; returns false when it does not exist. */
export async function touchPrompt(
  tx: SqlExecutor,
  name: string,
  change: { now: number; description?: string; tags?: string[] },
): Promise<boolean> {
  const sets = ['revision = revision + 1', 'updated_at = ?'];
  const params: Array<string | number> = [change.now];
  if (change.description !== undefined) {
    sets.push('description = ?');
    params.push(change.description);
  }
  if (change.tags !== undefined) {
    sets.push('tags = ?');
    params.push(JSON.stringify(change.tags));
  }
  const { changes } = await tx.execute(`UPDATE prompts SET ${sets.join(', ')} WHERE name = ?`, [
    ...params,
    name,
  ]);
  return changes > 0;
}

export async function deletePromptRows(tx: SqlExecutor, name: string): Promise<boolean> {
  await tx.execute('DELETE FROM prompt_labels WHERE prompt = ?', [name]);
  await tx.execute('DELETE FROM prompt_versions WHERE prompt = ?', [name]);
  const { changes } = await tx.execute('DELETE FROM prompts WHERE name = ?', [name]);
  return changes > 0;
}

export async function maxVersion(tx: SqlExecutor, name: string): Promise<number> {
  const rows = await tx.query('SELECT MAX(version) AS v FROM prompt_versions WHERE prompt = ?', [name]);
  const value = rows[0]?.v;
  return value === null || value === undefined ? 0 : num(value);
}

export async function getVersion(
  tx: SqlExecutor,
  name: string,
  version: number,
): Promise<PromptVersion | null> {
  const rows = await tx.query(
    `SELECT ${VERSION_COLUMNS} FROM prompt_versions WHERE prompt = ? AND version = ?`,
    [name, version],
  );
  return rows[0] ? versionOf(rows[0]) : null;
}

export async function insertVersion(tx: SqlExecutor, v: PromptVersion): Promise<void> {
  await tx.execute(`INSERT INTO prompt_versions (${VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    v.prompt,
    v.version,
    canonicalJson(v.content),
    v.contentHash,
    v.commitMessage,
    v.author,
    v.createdAt,
  ]);
}

export async function getLabel(tx: SqlExecutor, name: string, label: string): Promise<LabelState | null> {
  const rows = await tx.query(`SELECT ${LABEL_COLUMNS} FROM prompt_labels WHERE prompt = ? AND label = ?`, [
    name,
    label,
  ]);
  return rows[0] ? labelOf(rows[0]) : null;
}

const splitJson = (target: LabelTarget): string | null =>
  target.split === null ? null : JSON.stringify(target.split);

export async function insertLabel(
  tx: SqlExecutor,
  row: { prompt: string; label: string; target: LabelTarget; now: number; actor: string },
): Promise<void> {
  await tx.execute(`INSERT INTO prompt_labels (${LABEL_COLUMNS}) VALUES (?, ?, ?, ?, 1, ?, ?)`, [
    row.prompt,
    row.label,
    row.target.version,
    splitJson(row.target),
    row.now,
    row.actor,
  ]);
}

/** Moves a label only if nobody moved it since `revision` was read; returns false on a lost race. */
export async function updateLabel(
  tx: SqlExecutor,
  row: { prompt: string; label: string; target: LabelTarget; revision: number; now: number; actor: string },
): Promise<boolean> {
  const { changes } = await tx.execute(
    'UPDATE prompt_labels SET version = ?, split = ?, revision = revision + 1, updated_at = ?, updated_by = ? WHERE prompt = ? AND label = ? AND revision = ?',
    [row.target.version, splitJson(row.target), row.now, row.actor, row.prompt, row.label, row.revision],
  );
  return changes > 0;
}

export async function deleteLabelRow(
  tx: SqlExecutor,
  row: { prompt: string; label: string; revision: number },
): Promise<boolean> {
  const { changes } = await tx.execute(
    'DELETE FROM prompt_labels WHERE prompt = ? AND label = ? AND revision = ?',
    [row.prompt, row.label, row.revision],
  );
  return changes > 0;
}
