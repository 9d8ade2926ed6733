import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { ChatCompletion, ChatRequest } from '../../spec/chat.ts';
import type { RequestContext } from '../../spec/hooks.ts';
import { type GuardSectionInput, guardSectionSchema } from '../config.ts';
import type { ScannerFactory } from '../policy/registry.ts';
import { compileGuardState } from './compile.ts';
import { screenRequest } from './input-hook.ts';
import { createGuardMetrics } from './metrics.ts';

/** Guard metrics on a private registry: tests do not share the process-wide one. */
const testGuardMetrics = createGuardMetrics(new Registry());

/** A request context as the gateway builds it, after the guard's beforeRequest ran. */
export async function preparedContext(
  section: GuardSectionInput,
  request: Partial<ChatRequest> = {},
  factories: Record<string, ScannerFactory> = {},
): Promise<RequestContext> {
  const state = compileGuardState(guardSectionSchema.parse(section), factories);
  assert.ok(state);
  const ctx: RequestContext = {
    id: 'r1',
    endpoint: 'chat',
    headers: {},
    signal: new AbortController().signal,
    request: { model: 'm', messages: [{ role: 'user', content: 'hi' }], ...request },
    principal: null,
    metadata: {},
    caller: { user: null, session: null, feature: null, tags: [] },
    state: new Map(),
  };
  await screenRequest(ctx, {
    state,
    metrics: testGuardMetrics,
    quarantineToken: Buffer.alloc(16),
    judgeToken: Buffer.alloc(16),
    modelFor: () => () => Promise.reject(new Error('no model in this test')),
  });
  return ctx;
}

/** A one-choice completion answering with `message` (an assistant turn), as a provider returns it. */
export function completionOf(
  message: { content: string | null; reasoning_content?: string },
  id = 'c1',
): ChatCompletion {
  return {
    id,
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
  };
}
