import { KeelError } from '../../errors/index.ts';
import { createStreamScreener, type StreamScreenerOptions } from './stream-screener.ts';

export interface GuardStreamOptions extends StreamScreenerOptions {
  /** Policy name for the error (the error never contains the matched text). */
  policy?: string;
}

/**
 * Screens an async stream of text deltas and yields what may be forwarded. When a scanner blocks,
 * the generator throws a `guardrail_blocked` KeelError so the caller can end the stream with an
 * error event instead of a clean finish.
 */
export async function* guardTextStream(
  source: AsyncIterable<string>,
  options: GuardStreamOptions,
): AsyncGenerator<string> {
  const screener = createStreamScreener(options);
  for await (const chunk of source) {
    const result = screener.push(chunk);
    if (result.verdict === 'block') {
      const scanner = result.blockedBy ?? 'unknown';
      const policy = options.policy ?? 'default';
      throw new KeelError(
        'guardrail_blocked',
        `Response blocked by guardrail policy '${policy}' (scanner '${scanner}')`,
        {
          details: { policy, scanner, checkpoint: 'output' },
        },
      );
    }
    if (result.emit) yield result.emit;
  }
  const last = screener.end();
  if (last.emit) yield last.emit;
}
