import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/index.ts';
import { type QueueItem, queueItemSchema } from './model.ts';

/**
 * The trace writer's shutdown spool: what close() could not write in time (store down) is left as
 * one JSONL file of queue items, and written by the next start. Writes are idempotent, so a file
 * replayed twice (two processes sharing the directory) does no harm; each file is claimed by
 * renaming it first so usually only one process replays it.
 */
const READY = /^traces-[\w.-]+\.jsonl$/;

export async function writeSpool(dir: string, items: readonly QueueItem[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = `traces-${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`;
  const text = items.map((item) => JSON.stringify(item)).join('\n');
  // Written under a temporary name and renamed, so a replayer never reads half a file.
  const temporary = join(dir, `${name}.tmp`);
  await writeFile(temporary, `${text}\n`);
  await rename(temporary, join(dir, name));
  return name;
}

export interface ReplayOutcome {
  files: number;
  written: number;
  /** Lines that were not valid queue items (torn or edited files). */
  invalid: number;
}

export async function replaySpool(options: {
  dir: string;
  write: (items: QueueItem[]) => Promise<void>;
  batchSize: number;
}): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { files: 0, written: 0, invalid: 0 };
  let names: string[];
  try {
    names = (await readdir(options.dir)).filter((name) => READY.test(name)).sort();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return outcome;
    throw error;
  }
  for (const name of names) {
    const original = join(options.dir, name);
    const claimed = `${original}.replaying-${process.pid}`;
    try {
      await rename(original, claimed);
    } catch {
      continue; // another process claimed it
    }
    const { items, invalid } = parseSpool(await readFile(claimed, 'utf8'));
    outcome.invalid += invalid;
    try {
      for (let i = 0; i < items.length; i += options.batchSize) {
        await options.write(items.slice(i, i + options.batchSize));
      }
    } catch (error) {
      await rename(claimed, original).catch(() => undefined);
      throw error;
    }
    await unlink(claimed).catch(() => undefined);
    outcome.files++;
    outcome.written += items.length;
  }
  return outcome;
}

export function parseSpool(text: string): { items: QueueItem[]; invalid: number } {
  const items: QueueItem[] = [];
  let invalid = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = queueItemSchema.safeParse(JSON.parse(line));
      if (parsed.success) items.push(parsed.data);
      else invalid++;
    } catch {
      invalid++;
    }
  }
  return { items, invalid };
}

/** What close() could not write: to the spool when there is one; returns how many were kept. */
export async function spoolAtShutdown(o: {
  dir: string | null;
  items: readonly QueueItem[];
  logger?: Logger | undefined;
}): Promise<number> {
  if (o.dir === null) {
    o.logger?.error({ items: o.items.length }, 'trace items lost at shutdown: store unavailable, no spool');
    return 0;
  }
  try {
    await writeSpool(o.dir, o.items);
    o.logger?.warn({ items: o.items.length, dir: o.dir }, 'trace items spooled at shutdown');
    return o.items.length;
  } catch (error) {
    o.logger?.error(
      { items: o.items.length, code: (error as { code?: unknown }).code },
      'trace spool write failed',
    );
    return 0;
  }
}
