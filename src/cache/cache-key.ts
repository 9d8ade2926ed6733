import type { ChatRequest } from '../spec/chat.ts';
import { canonicalJson, sha256Hex } from '../util/index.ts';

/**
 * Request fields that never change what the model answers, so requests differing only in them share
 * a cache entry:
 * - `stream`, `stream_options`: streamed and non-streamed requests share one stored body (it is
 *   replayed as chunks for streams, see replay.ts);
 * - `user`, `safety_identifier`, `metadata`, `store`: attribution and logging on the provider side;
 * - `service_tier`, `prompt_cache_key`, `prompt_cache_retention`: latency/price routing hints.
 * Every other field (model, messages, temperature, top_p, max_tokens, tools, tool_choice,
 * response_format, seed, stop, n, logprobs, …, and unknown new parameters) is part of the key: an
 * unknown field is assumed to matter, so a new upstream parameter can never cause a wrong hit.
 */
export const IGNORED_REQUEST_FIELDS: readonly string[] = Object.freeze([
  'stream',
  'stream_options',
  'user',
  'safety_identifier',
  'metadata',
  'store',
  'service_tier',
  'prompt_cache_key',
  'prompt_cache_retention',
]);

const IGNORED = new Set(IGNORED_REQUEST_FIELDS);

/** Bumped when the key derivation changes, so old entries simply stop matching. */
const KEY_VERSION = 'keel-cache-v1';

/**
 * The request as it bears on the answer: ignored fields dropped, and top-level `null`s dropped too
 * (OpenAI treats `"temperature": null` exactly like an absent temperature). A `__proto__` member
 * is kept as an ordinary field (it is sent upstream like any other).
 */
export function normaliseRequest(request: ChatRequest): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [field, value] of Object.entries(request)) {
    if (IGNORED.has(field) || value === null || value === undefined) continue;
    out[field] = value;
  }
  return out;
}

/**
 * SHA-256 (hex) of the normalised request, the tenant and the endpoint. The tenant is hashed in, so
 * two tenants sending the same request never share an entry. The endpoint is the kind of call
 * (`chat`): the OpenAI and Anthropic dialects are both translated to the one canonical chat
 * request and the stored answer is canonical too (rendered in the caller's dialect on a hit), so
 * the same question asked through `/v1/chat/completions` and `/v1/messages` shares an entry on
 * purpose.
 */
export function cacheKey(options: { request: ChatRequest; tenant: string; endpoint: string }): string {
  // Canonical JSON (sorted keys at every depth), keeping a `__proto__` member: both are sent
  // upstream, so two requests differing only there must not share an entry.
  const material = canonicalJson(
    [KEY_VERSION, options.tenant, options.endpoint, normaliseRequest(options.request)],
    { keepProto: true },
  );
  return sha256Hex(material);
}
