import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { KeelError } from '../errors/index.ts';

/** An output file that cannot be written, as a one-line CLI error naming the flag, path and errno. */
export const outFileError = (
  path: string,
  error: unknown,
  code: 'invalid_request' | 'internal_error' = 'internal_error',
  flag = '--out',
) =>
  new KeelError(code, `${flag}: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);

/**
 * The --out file, open before anything is written: a missing directory or no permission is one
 * CLI error, not an unhandled stream 'error' event. The listener stays for later write errors
 * (they also reach each write's callback and `once(stream, …)` waits, which report them).
 */
export async function openOutFile(path: string, flag = '--out'): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw outFileError(path, error, 'invalid_request', flag);
  }
  stream.on('error', () => undefined);
  return stream;
}
