import type { ModelCaller } from '../../spec/scanner.ts';
import type { CheckpointAction, Guard, StepRecord } from '../policy/index.ts';

export interface RetrievedDoc {
  text: string;
}

export interface RetrievalPolicy {
  guard: Guard;
  /** Policy name; default: the guard config's default policy. */
  policy?: string;
  /** For `judge` steps: a model caller acting for the request the documents are retrieved for. */
  model?: ModelCaller;
}

export interface ScreenedDoc {
  /** Position in the input list. */
  index: number;
  action: CheckpointAction;
  /** Scanner that caused a drop. */
  blockedBy?: string;
  results: StepRecord[];
}

export interface RetrievalScreen<T> {
  /** Documents that may enter the context, in input order (redacted ones with their text replaced). */
  kept: T[];
  /** Documents kept out of the context (a blocking scanner fired). */
  dropped: T[];
  /** Per-document verdicts, for the trace (no matched text). */
  screened: ScreenedDoc[];
}

/**
 * The retrieval checkpoint, for the knowledge layer: screens retrieved documents for indirect
 * prompt injection (and whatever else the policy's `retrieval` steps check) before they enter a
 * prompt. A blocked document is dropped rather than failing the request — one poisoned page
 * should not take the whole answer down — and documents are screened concurrently.
 */
export async function screenRetrieved<T extends RetrievedDoc>(
  docs: readonly T[],
  policy: RetrievalPolicy,
): Promise<RetrievalScreen<T>> {
  const ctx = {
    ...(policy.policy !== undefined ? { policy: policy.policy } : {}),
    ...(policy.model ? { model: policy.model } : {}),
  };
  const runs = await Promise.all(
    docs.map((doc) => policy.guard.runCheckpoint('retrieval', { kind: 'text', text: doc.text }, ctx)),
  );
  const out: RetrievalScreen<T> = { kept: [], dropped: [], screened: [] };
  runs.forEach((r, index) => {
    const doc = docs[index] as T;
    out.screened.push({
      index,
      action: r.action,
      ...(r.blockedBy ? { blockedBy: r.blockedBy.scanner } : {}),
      results: r.results,
    });
    if (r.action === 'block') out.dropped.push(doc);
    else if (r.action === 'redact' && r.text !== undefined) out.kept.push({ ...doc, text: r.text });
    else out.kept.push(doc);
  });
  return out;
}
