export { lowerCaseKeys } from './headers.ts';
export type { MapHttpErrorInput, UpstreamErrorInfo } from './map-error.ts';
export { mapHttpError, mapStreamError, mapTransportError, parseUpstreamError } from './map-error.ts';
export { parseDurationMs, parseRetryAfterMs } from './retry-after.ts';
export { sanitizeUpstreamText } from './sanitize.ts';
export { type CredentialResolver, resolveSecret, setCredentialResolver } from './secret.ts';
export type {
  PostJsonOptions,
  UpstreamAgentOptions,
  UpstreamClient,
  UpstreamResponse,
} from './upstream-client.ts';
export { createUpstreamClient } from './upstream-client.ts';
