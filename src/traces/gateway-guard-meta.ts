import { z } from 'zod';

/**
 * The guard checkpoints of a gateway request record, read from `metadata.guard` in any of the
 * shapes gateway-trace.ts lists: `{ policy?, checkpoints: [...] }`, an object keyed by checkpoint,
 * or the guard module's own record shape — one entry per scanner and checkpoint (see
 * src/guard/module/results.ts) with the policy in `metadata.guardPolicy`. Anything else gives none.
 */
const checkpointSchema = z.looseObject({
  checkpoint: z.string().max(64).optional(),
  action: z.string().max(32).optional(),
  latencyMs: z.number().min(0).optional(),
  blockedBy: z.string().max(256).optional(),
  results: z.array(z.unknown()).optional(),
});
const guardSchema = z.union([
  z.looseObject({ policy: z.string().max(256).optional(), checkpoints: z.array(checkpointSchema).max(20) }),
  z.record(z.string().max(64), checkpointSchema),
]);
/** An entry of the guard module's `metadata.guard` array (src/guard/module/results.ts). */
const entrySchema = z.looseObject({
  checkpoint: z.string().max(64),
  scanner: z.string().max(256),
  verdict: z.string().max(32).optional(),
  score: z.number().optional(),
  latencyMs: z.number().min(0).optional(),
  action: z.string().max(32).optional(),
});
const entriesSchema = z.array(entrySchema).max(200);
type CheckpointSummary = z.infer<typeof checkpointSchema> & { checkpoint: string };

const ACTION_RANK: Record<string, number> = { allow: 0, flag: 1, redact: 2, mask: 2, block: 3 };

/**
 * The guard module's entries as one summary per checkpoint: the worst action, the first blocking
 * scanner, and the slowest scanner's time (a checkpoint's scanners run concurrently).
 */
function summarizeEntries(entries: z.infer<typeof entriesSchema>): CheckpointSummary[] {
  const byCheckpoint = new Map<string, CheckpointSummary & { results: unknown[] }>();
  for (const e of entries) {
    let c = byCheckpoint.get(e.checkpoint);
    if (!c) {
      c = { checkpoint: e.checkpoint, action: 'allow', latencyMs: 0, results: [] };
      byCheckpoint.set(e.checkpoint, c);
    }
    const action = e.action ?? 'allow';
    if ((ACTION_RANK[action] ?? 0) > (ACTION_RANK[c.action ?? 'allow'] ?? 0)) c.action = action;
    if (action === 'block' && c.blockedBy === undefined) c.blockedBy = e.scanner;
    c.latencyMs = Math.max(c.latencyMs ?? 0, e.latencyMs ?? 0);
    c.results.push({ scanner: e.scanner, verdict: e.verdict, score: e.score, latencyMs: e.latencyMs });
  }
  return [...byCheckpoint.values()];
}

/** The checkpoints of the record's guard metadata, in any of the shapes above, and the policy. */
export function guardCheckpoints(meta: Record<string, unknown>): {
  policy?: string;
  list: CheckpointSummary[];
} {
  if (Array.isArray(meta.guard)) {
    const entries = entriesSchema.safeParse(meta.guard);
    if (!entries.success) return { list: [] };
    const policy = typeof meta.guardPolicy === 'string' ? meta.guardPolicy.slice(0, 256) : undefined;
    return { ...(policy !== undefined ? { policy } : {}), list: summarizeEntries(entries.data) };
  }
  const parsed = guardSchema.safeParse(meta.guard);
  if (!parsed.success) return { list: [] };
  if ('checkpoints' in parsed.data && Array.isArray(parsed.data.checkpoints)) {
    const { policy, checkpoints } = parsed.data;
    return {
      ...(typeof policy === 'string' ? { policy } : {}),
      list: (checkpoints as Array<z.infer<typeof checkpointSchema>>).map((c, i) => ({
        ...c,
        checkpoint: c.checkpoint ?? `checkpoint${i}`,
      })),
    };
  }
  return {
    list: Object.entries(parsed.data as Record<string, z.infer<typeof checkpointSchema>>).map(
      ([checkpoint, c]) => ({ ...c, checkpoint }),
    ),
  };
}
