import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log/index.ts';
import type { RequestRecord } from '../spec/index.ts';

export interface SpoolOptions {
  dir: string;
  /** Total size of all spool files in `dir`; appends beyond it are refused (and counted by the caller). */
  maxBytes: number;
  /** A file is closed for replay once it reaches this size. */
  fileBytes?: number;
  logger?: Logger | undefined;
}

const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_');
const PART = /^records-\d+-(.+)-(\d+)-\d+\.jsonl\.part$/;
const READY = /^records-.*\.jsonl$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * Append-only JSONL overflow files for request records the store could not take in time.
 * A process appends to its own `*.jsonl.part` file; a part file becomes `*.jsonl` (replayable) when
 * it is full, before a replay, and on close. Replays may come from any process sharing the
 * directory: inserts are idempotent, so a file replayed twice does no harm. A part file left by a
 * dead process on this host is adopted. Operations run one at a time, in call order.
 */
export class Spool {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #fileBytes: number;
  readonly #logger: Logger | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #current: { path: string; handle: FileHandle; bytes: number } | null = null;
  #bytes = 0;
  #seq = 0;

  constructor(options: SpoolOptions) {
    this.#dir = options.dir;
    this.#maxBytes = options.maxBytes;
    this.#fileBytes = options.fileBytes ?? Math.min(8 * 1024 * 1024, options.maxBytes);
    this.#logger = options.logger;
    void this.#serial(() => this.#scan()).catch((error: unknown) => {
      this.#logger?.warn(
        { dir: this.#dir, code: (error as { code?: unknown }).code },
        'spool directory unusable',
      );
    });
  }

  /** Bytes held in spool files (this directory, all processes, as last scanned plus own appends). */
  get bytes(): number {
    return this.#bytes;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn, fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Spool file names in the directory; none when it does not exist yet (created on first append). */
  async #names(): Promise<string[]> {
    try {
      return await readdir(this.#dir);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return [];
      throw error;
    }
  }

  async #scan(): Promise<void> {
    let total = 0;
    for (const name of await this.#names()) {
      if (!READY.test(name) && !PART.test(name)) continue;
      total += await stat(join(this.#dir, name)).then(
        (s) => s.size,
        () => 0,
      );
    }
    this.#bytes = total;
  }

  /** Appends as many records as fit under maxBytes, oldest first; returns how many were written. */
  append(records: readonly RequestRecord[]): Promise<number> {
    return this.#serial(async () => {
      let text = '';
      let size = 0;
      let accepted = 0;
      for (const record of records) {
        const line = `${JSON.stringify(record)}\n`;
        const lineBytes = Buffer.byteLength(line);
        if (this.#bytes + size + lineBytes > this.#maxBytes) break;
        text += line;
        size += lineBytes;
        accepted++;
      }
      if (accepted === 0) return 0;
      const current = await this.#openCurrent();
      await current.handle.write(text);
      current.bytes += size;
      this.#bytes += size;
      if (current.bytes >= this.#fileBytes) await this.#seal();
      return accepted;
    });
  }

  async #openCurrent(): Promise<{ path: string; handle: FileHandle; bytes: number }> {
    if (this.#current) return this.#current;
    await mkdir(this.#dir, { recursive: true });
    const name = `records-${Date.now()}-${HOST}-${process.pid}-${this.#seq++}.jsonl.part`;
    const path = join(this.#dir, name);
    this.#current = { path, handle: await open(path, 'a'), bytes: 0 };
    return this.#current;
  }

  /** Closes the current part file and makes it replayable. */
  async #seal(): Promise<void> {
    const current = this.#current;
    if (!current) return;
    this.#current = null;
    await current.handle.close();
    await rename(current.path, current.path.slice(0, -'.part'.length));
  }

  async #adoptOrphans(names: string[]): Promise<void> {
    for (const name of names) {
      const match = PART.exec(name);
      if (!match) continue;
      const path = join(this.#dir, name);
      const pid = Number(match[2]);
      const ours = pid === process.pid;
      const orphan = match[1] === HOST && (ours || !alive(pid));
      if (orphan && path !== this.#current?.path) {
        await rename(path, path.slice(0, -'.part'.length)).catch(() => undefined);
      }
    }
  }

  /** The oldest replayable file, after sealing our own part file and adopting orphans; null if none. */
  next(): Promise<string | null> {
    return this.#serial(async () => {
      await this.#seal();
      await this.#adoptOrphans(await this.#names());
      const ready = (await this.#names()).filter((name) => READY.test(name)).sort();
      return ready[0] === undefined ? null : join(this.#dir, ready[0]);
    });
  }

  /** Parses a spool file; lines that are not JSON objects (a torn write) are counted, not returned. */
  async read(path: string): Promise<{ records: RequestRecord[]; invalid: number }> {
    const text = await readFile(path, 'utf8');
    const records: RequestRecord[] = [];
    let invalid = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const value: unknown = JSON.parse(line);
        if (value !== null && typeof value === 'object' && !Array.isArray(value))
          records.push(value as RequestRecord);
        else invalid++;
      } catch {
        invalid++;
      }
    }
    return { records, invalid };
  }

  /** Deletes a replayed file (another process may have deleted it first). */
  remove(path: string): Promise<void> {
    return this.#serial(async () => {
      const size = await stat(path).then(
        (s) => s.size,
        () => 0,
      );
      try {
        await unlink(path);
        this.#bytes = Math.max(0, this.#bytes - size);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      }
    });
  }

  /** Waits for pending appends and seals the part file so the next start replays it. */
  close(): Promise<void> {
    return this.#serial(() => this.#seal());
  }
}
