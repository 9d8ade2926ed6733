import type { ServerResponse } from 'node:http';
import { type SeenRequest, startTestUpstream, type TestUpstream } from '../providers/http/test-upstream.ts';

/**
 * Test helpers for the evals module: a scripted OpenAI-compatible upstream whose answer is a
 * function of the request (so scorers have something exact to check), with optional 429s.
 */

export interface ScriptedRequest {
  model: string;
  messages: { role: string; content?: unknown }[];
  [key: string]: unknown;
}

export type Answer =
  | string
  | { status: number; retryAfter?: number; body?: unknown }
  | { content: string; fingerprint?: string };

export function lastUser(request: ScriptedRequest): string {
  const user = [...request.messages].reverse().find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

function completion(model: string, content: string, fingerprint?: string) {
  return {
    id: 'chatcmpl-eval',
    object: 'chat.completion',
    created: 1,
    model,
    ...(fingerprint ? { system_fingerprint: fingerprint } : {}),
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

function send(res: ServerResponse, model: string, answer: Answer): void {
  if (typeof answer === 'string') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(model, answer)));
  } else if ('content' in answer) {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(completion(model, answer.content, answer.fingerprint)));
  } else {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
    res
      .writeHead(answer.status, headers)
      .end(JSON.stringify(answer.body ?? { error: { message: 'scripted failure', type: 'server_error' } }));
  }
}

/** An upstream answering `answer(request, seen)`; `delayMs` per call (async). */
export async function startScriptedUpstream(
  answer: (request: ScriptedRequest, seen: SeenRequest) => Answer | Promise<Answer>,
  options: { delayMs?: number } = {},
): Promise<TestUpstream> {
  return startTestUpstream(async (seen, res) => {
    const request = JSON.parse(seen.body) as ScriptedRequest;
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    send(res, request.model, await answer(request, seen));
  });
}

/** keel.yaml fragments for a scripted upstream at `origin`: provider `scripted`, model `scripted`. */
export function scriptedConfig(origin: string) {
  return {
    providers: { scripted: { type: 'openai' as const, baseUrl: `${origin}/v1`, apiKey: 'sk-test' } },
    models: {
      scripted: {
        deployments: [
          { provider: 'scripted', model: 'scripted-1', price: { inputPerMTok: 1, outputPerMTok: 2 } },
        ],
        retries: { maxRetries: 0 },
        fallbacks: [],
      },
    },
  };
}
