import { KeelError } from '../../errors/index.ts';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  GatewayHook,
  RequestRecord,
  StreamFilter,
} from '../../spec/index.ts';
import type { GatewayDeps } from '../deps.ts';
import type { Exchange } from './exchange.ts';

/** Runs every hook's beforeRequest in order, then applies what they decided to the exchange. */
export async function runBeforeHooks(ex: Exchange, deps: GatewayDeps): Promise<void> {
  for (const hook of deps.hooks) {
    if (hook.beforeRequest) await hook.beforeRequest(ex.ctx);
  }
  ex.model = ex.ctx.request.model;
  if (ex.ctx.principal) ex.tenant = ex.ctx.principal.tenant;
}

export async function runAfterResponse(
  ex: Exchange,
  deps: GatewayDeps,
  body: ChatCompletion,
): Promise<ChatCompletion> {
  let current = body;
  for (const hook of deps.hooks) {
    if (!hook.afterResponse) continue;
    current = (await hook.afterResponse(ex.ctx, current)) ?? current;
  }
  return current;
}

export function runAfterRecord(ex: Exchange, hooks: readonly GatewayHook[], record: RequestRecord): void {
  for (const hook of hooks) {
    try {
      hook.afterRecord?.(ex.ctx, record);
    } catch (error) {
      ex.metadata.hookError = `${hook.name}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** The stream filters of all hooks chained: each filter's output is the next one's input. */
export function chainStreamFilters(ex: Exchange, hooks: readonly GatewayHook[]): StreamFilter | undefined {
  const filters: StreamFilter[] = [];
  for (const hook of hooks) {
    const filter = hook.streamFilter?.(ex.ctx);
    if (filter) filters.push(filter);
  }
  if (filters.length === 0) return undefined;
  const through = (from: number, items: string[]): string[] => {
    let current = items;
    for (let i = from; i < filters.length; i++) {
      const next: string[] = [];
      for (const data of current) next.push(...filters[i]!.chunk(data, lazyParse(data)));
      current = next;
    }
    return current;
  };
  return {
    chunk: (data) => through(0, [data]),
    // What filter i releases at the end still passes through the filters after it, and comes
    // before what those filters release on their own flush.
    flush() {
      const out: string[] = [];
      for (let i = 0; i < filters.length; i++) out.push(...through(i + 1, filters[i]!.flush()));
      return out;
    },
  };
}

function lazyParse(data: string): () => ChatCompletionChunk {
  let parsed: ChatCompletionChunk | undefined;
  return () => {
    if (parsed === undefined) {
      try {
        parsed = JSON.parse(data) as ChatCompletionChunk;
      } catch (error) {
        throw new KeelError('upstream_error', 'Upstream sent a chunk that is not JSON', { cause: error });
      }
    }
    return parsed;
  };
}
