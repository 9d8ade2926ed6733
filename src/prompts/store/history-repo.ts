import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { LabelHistoryEntry, LabelTarget } from '../types.ts';
import { json } from './prompt-repo.ts';

const target = (value: unknown): LabelTarget | null =>
  value === null || value === undefined ? null : json<LabelTarget>(value);

function entryOf(row: SqlRow): LabelHistoryEntry {
  return {
    id: String(row.id),
    prompt: String(row.prompt),
    label: String(row.label),
    from: target(row.from_target),
    to: target(row.to_target),
    actor: String(row.actor),
    reason: String(row.reason),
    at: Number(row.at),
  };
}

export async function insertHistory(
  tx: SqlExecutor,
  entry: Omit<LabelHistoryEntry, 'id'>,
): Promise<LabelHistoryEntry> {
  const id = uuidv7();
  await tx.execute(
    'INSERT INTO prompt_label_history (id, prompt, label, from_target, to_target, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      id,
      entry.prompt,
      entry.label,
      entry.from === null ? null : JSON.stringify(entry.from),
      entry.to === null ? null : JSON.stringify(entry.to),
      entry.actor,
      entry.reason,
      entry.at,
    ],
  );
  return { id, ...entry };
}

/** Newest first (ids are UUIDv7, so id order is time order even within one millisecond). */
export async function labelHistory(
  sql: SqlExecutor,
  query: { prompt: string; label?: string; limit: number },
): Promise<LabelHistoryEntry[]> {
  const params: Array<string | number> = [query.prompt];
  let where = 'prompt = ?';
  if (query.label !== undefined) {
    where += ' AND label = ?';
    params.push(query.label);
  }
  const rows = await sql.query(`SELECT * FROM prompt_label_history WHERE ${where} ORDER BY id DESC LIMIT ?`, [
    ...params,
    query.limit,
  ]);
  return rows.map(entryOf);
}

export async function deleteHistory(tx: SqlExecutor, prompt: string): Promise<void> {
  await tx.execute('DELETE FROM prompt_label_history WHERE prompt = ?', [prompt]);
}
