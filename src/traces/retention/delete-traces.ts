import type { SqlExecutor } from '../../spec/index.ts';
import { marks } from '../query/filters.ts';

const CHUNK = 500;

export interface DeletedCounts {
  traces: number;
  spans: number;
  tags: number;
  scores: number;
}

export const noneDeleted = (): DeletedCounts => ({ traces: 0, spans: 0, tags: 0, scores: 0 });

export function addCounts(into: Record<string, number>, more: Record<string, number>): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
}

/**
 * Deletes traces of one tenant with everything keyed by their trace id (spans, tags, scores), in
 * chunks under the parameter limits; each table is reached through an index leading with
 * (tenant, trace_id). Run inside a transaction so a trace never loses its spans but keeps its row.
 */
export async function deleteTraces(
  tx: SqlExecutor,
  tenant: string,
  traceIds: readonly string[],
): Promise<DeletedCounts> {
  const counts = noneDeleted();
  for (let i = 0; i < traceIds.length; i += CHUNK) {
    const ids = traceIds.slice(i, i + CHUNK);
    const where = `tenant = ? AND trace_id IN (${marks(ids.length)})`;
    const params = [tenant, ...ids];
    counts.spans += (await tx.execute(`DELETE FROM trace_spans WHERE ${where}`, params)).changes;
    counts.tags += (await tx.execute(`DELETE FROM trace_tags WHERE ${where}`, params)).changes;
    counts.scores += (await tx.execute(`DELETE FROM trace_scores WHERE ${where}`, params)).changes;
    counts.traces += (await tx.execute(`DELETE FROM traces WHERE ${where}`, params)).changes;
  }
  return counts;
}
