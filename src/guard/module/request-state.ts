import { timingSafeEqual } from 'node:crypto';
import type { ToolDefinition } from '../../spec/chat.ts';
import type { RequestContext } from '../../spec/hooks.ts';
import type { GuardSection } from '../config.ts';
import type { MaskSession } from '../mask/index.ts';
import type { Guard, PolicySelector } from '../policy/index.ts';
import type { CompiledPolicy, GuardState } from './compile.ts';
import type { ResultSink } from './results.ts';

/** Key of the guard's entry in `ctx.state`. */
export const STATE_KEY = 'guard';

/**
 * What the guard keeps about one request between its hooks. Lives only in `ctx.state` — the mask
 * session (the placeholder → value mapping) is never put anywhere else.
 */
export interface GuardRequestState {
  policy: CompiledPolicy;
  guard: Guard;
  sink: ResultSink;
  stream: GuardSection['stream'];
  mask?: MaskSession;
  systemPrompt?: string;
  userRequest?: string;
  tools?: ToolDefinition[];
  responseSchema?: Record<string, unknown>;
}

export function requestState(ctx: RequestContext): GuardRequestState | undefined {
  return ctx.state.get(STATE_KEY) as GuardRequestState | undefined;
}

const ROUTES: Record<string, string> = {
  chat: '/v1/chat/completions',
  messages: '/v1/messages',
  embeddings: '/v1/embeddings',
};

/** The binding selector of a request: its key and team, ids and names (from the access module's principal), model and route. */
export function selectorOf(ctx: RequestContext): PolicySelector {
  const selector: PolicySelector = { model: ctx.request.model };
  const route = ROUTES[ctx.endpoint];
  if (route) selector.route = route;
  const p = ctx.principal;
  if (p) {
    const key = typeof p.keyId === 'string' ? p.keyId : p.kind === 'virtual_key' ? p.id : undefined;
    if (key !== undefined) selector.key = key;
    if (typeof p.keyName === 'string') selector.keyName = p.keyName;
    if (typeof p.teamId === 'string') selector.team = p.teamId;
    if (typeof p.teamName === 'string') selector.teamName = p.teamName;
  }
  return selector;
}

/** Header the quarantine endpoint sets on its own model call, with a per-process random token. */
export const QUARANTINE_HEADER = 'x-keel-guard-quarantine';

/** Header the `judge` scanner sets on its own model call: that call is not screened again. */
export const JUDGE_HEADER = 'x-keel-guard-judge';

/** True when the request is the quarantine endpoint's own call (token compared in constant time). */
export function isQuarantineCall(ctx: RequestContext, token: Buffer): boolean {
  return hasToken(ctx, QUARANTINE_HEADER, token);
}

/** True when the request is a `judge` scanner's own call (same per-process token scheme). */
export function isJudgeCall(ctx: RequestContext, token: Buffer): boolean {
  return hasToken(ctx, JUDGE_HEADER, token);
}

function hasToken(ctx: RequestContext, header: string, token: Buffer): boolean {
  const value = ctx.headers[header];
  if (typeof value !== 'string' || value.length !== token.length * 2) return false;
  const given = Buffer.from(value, 'hex');
  return given.length === token.length && timingSafeEqual(given, token);
}

/** The guard that screens this request: quarantine calls get the injection-tolerant variant. */
export function guardFor(state: GuardState, quarantine: boolean): Guard {
  return quarantine ? state.quarantineGuard : state.guard;
}
