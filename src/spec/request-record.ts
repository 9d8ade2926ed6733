/** One gateway request, as recorded off the request path (the seed of a trace). */
export interface RequestRecord {
  /** Time-ordered id (UUIDv7) so time-bounded queries walk an index in order. */
  id: string;
  /** Epoch ms when Keel received the request. */
  startedAt: number;
  /** Epoch ms when the last byte went to the client. */
  endedAt: number;
  /** Which endpoint: chat, messages, embeddings. */
  endpoint: 'chat' | 'messages' | 'embeddings';
  stream: boolean;
  /** Public model name the caller asked for. */
  model: string;
  /** Deployment id that served (or last tried). */
  deployment: string | null;
  provider: string | null;
  upstreamModel: string | null;
  attempts: number;
  /** HTTP status sent to the client (200 for a stream that started, even if it later broke). */
  status: number;
  /** KeelError code when the request failed (incl. a broken stream). */
  errorCode: string | null;
  latencyMs: number;
  upstreamMs: number | null;
  ttftMs: number | null;
  /** Time Keel itself spent on the request path (total minus upstream wait). */
  overheadMs: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  tokensEstimated: boolean;
  costUsd: number;
  cache: 'hit' | 'miss' | 'off';
  /** Tenant the request ran as (virtual key's project once access control exists; else 'default'). */
  tenant: string;
  user: string | null;
  session: string | null;
  feature: string | null;
  tags: string[];
  /** Caller-supplied or Keel-generated metadata, small JSON. */
  metadata: Record<string, unknown>;
}

export interface RequestQuery {
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive (so adjacent windows never count a record twice). */
  until?: number;
  model?: string;
  user?: string;
  status?: number;
  limit?: number;
  /** Return records with id greater than this (for tailing). */
  afterId?: string;
}
