import type { ChatMessage } from '../../spec/chat.ts';
import type { JudgeModel } from '../../spec/scorer.ts';
import { clip } from './parse.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; why: string };

export interface AskOptions<T> {
  model: JudgeModel;
  messages: ChatMessage[];
  parse: (text: string) => Parsed<T>;
  signal?: AbortSignal;
  /** Ask the gateway for JSON mode (response_format json_object). Default true. */
  json?: boolean;
  maxTokens?: number;
}

export type AskResult<T> =
  | { ok: true; value: T; raw: string; attempts: number }
  | { ok: false; why: string; raws: string[]; attempts: number };

const RETRY_NUDGE =
  'Your previous reply could not be read: {why}. Reply again with only the JSON object described in the instructions, and nothing else.';

/** Raw judge text kept in details is bounded: enough to debug a parse failure, not a transcript. */
export const MAX_RAW_CHARS = 2000;

/**
 * One judge question with exactly one retry on an unreadable answer. The retry shows the judge its
 * own reply and what was wrong, which fixes most format slips. Model/transport errors (KeelError)
 * propagate: an outage is not a low score.
 */
export async function askJudge<T>(options: AskOptions<T>): Promise<AskResult<T>> {
  const { model, parse, signal } = options;
  const call = (messages: ChatMessage[]) =>
    model.complete(messages, {
      temperature: 0,
      json: options.json ?? true,
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      ...(signal ? { signal } : {}),
    });
  const first = await call(options.messages);
  const parsed = parse(first);
  if (parsed.ok) return { ok: true, value: parsed.value, raw: clip(first, MAX_RAW_CHARS), attempts: 1 };
  const retryMessages: ChatMessage[] = [
    ...options.messages,
    { role: 'assistant', content: first },
    { role: 'user', content: RETRY_NUDGE.replace('{why}', parsed.why) },
  ];
  const second = await call(retryMessages);
  const again = parse(second);
  if (again.ok) return { ok: true, value: again.value, raw: clip(second, MAX_RAW_CHARS), attempts: 2 };
  return {
    ok: false,
    why: again.why,
    raws: [clip(first, MAX_RAW_CHARS), clip(second, MAX_RAW_CHARS)],
    attempts: 2,
  };
}

/** Runs `fn` over items with at most `limit` in flight, keeping order (judge fan-out per item). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
