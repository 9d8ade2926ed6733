import { isKeelError } from '../errors/index.ts';
import type { RequestRecord, RequestRepository } from '../spec/index.ts';

export type InsertOutcome =
  | { ok: true; written: number; rejected: number }
  /** `remaining`: the records still to write (a suffix of the batch) when the store failed. */
  | { ok: false; error: unknown; written: number; rejected: number; remaining: readonly RequestRecord[] };

/** Only a record the store refuses as invalid is dropped; every other failure is worth a retry. */
function isRejection(error: unknown): boolean {
  return isKeelError(error) && error.code === 'invalid_request';
}

/**
 * Inserts one batch. A batch refused as invalid is retried record by record so one bad record
 * costs only itself; any other failure (store down, timeouts, SQL errors) leaves the whole batch
 * to the caller to retry, which is safe because inserts ignore ids already present.
 */
export async function insertRecords(
  repository: Pick<RequestRepository, 'insertBatch'>,
  batch: readonly RequestRecord[],
): Promise<InsertOutcome> {
  try {
    await repository.insertBatch(batch);
    return { ok: true, written: batch.length, rejected: 0 };
  } catch (error) {
    if (!isRejection(error)) return { ok: false, error, written: 0, rejected: 0, remaining: batch };
    if (batch.length === 1) return { ok: true, written: 0, rejected: 1 };
  }
  let written = 0;
  let rejected = 0;
  for (let i = 0; i < batch.length; i++) {
    try {
      await repository.insertBatch([batch[i] as RequestRecord]);
      written++;
    } catch (error) {
      if (!isRejection(error)) return { ok: false, error, written, rejected, remaining: batch.slice(i) };
      rejected++;
    }
  }
  return { ok: true, written, rejected };
}
