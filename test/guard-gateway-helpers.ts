import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeelConfigInput } from '../src/config/index.ts';
import type { ChatRequest } from '../src/spec/chat.ts';

/**
 * A tiny OpenAI-compatible upstream for guard tests: it records every request body it receives
 * (to prove what left Keel) and answers with `reply(request)` — by default an echo of the last
 * user message — as JSON or as SSE split into `pieceChars`-sized deltas.
 */
export interface RecordingUpstream {
  url: string;
  received: ChatRequest[];
  close(): Promise<void>;
}

function lastUser(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m?.role === 'user' && typeof m.content === 'string') return m.content;
  }
  return '';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startRecordingUpstream(
  options: { reply?: (request: ChatRequest) => string; pieceChars?: number } = {},
): Promise<RecordingUpstream> {
  const received: ChatRequest[] = [];
  const reply = options.reply ?? ((r: ChatRequest) => `You said: ${lastUser(r)}`);
  const pieceChars = options.pieceChars ?? 4;
  const server: Server = createServer(async (req, res) => {
    const request = JSON.parse(await readBody(req)) as ChatRequest;
    received.push(request);
    const content = reply(request);
    const base = { id: 'chatcmpl-test', created: 1, model: request.model };
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      send({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    chunk({ role: 'assistant', content: '' });
    for (let i = 0; i < content.length; i += pieceChars) chunk({ content: content.slice(i, i + pieceChars) });
    chunk({}, 'stop');
    if (request.stream_options?.include_usage)
      send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads an SSE response fully and splits it into `data:` payloads. */
export async function readSse(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .map((e) => e.trim())
    .filter((e) => e.startsWith('data: '))
    .map((e) => e.slice('data: '.length));
}

/** The content deltas of OpenAI chunk payloads, concatenated. */
export function streamedContent(events: readonly string[]): string {
  let text = '';
  for (const e of events) {
    if (e === '[DONE]') continue;
    const parsed = JSON.parse(e) as { choices?: Array<{ delta?: { content?: string | null } }> };
    for (const c of parsed.choices ?? []) text += c.delta?.content ?? '';
  }
  return text;
}

/** An output policy for suites that run once without and once with the guard (benign traffic). */
export const OUTPUT_SCREENING: KeelConfigInput['guard'] = {
  defaultPolicy: 'screen-output',
  policies: {
    'screen-output': {
      output: [
        { scanner: 'secrets', action: 'block' },
        { scanner: 'pii', action: 'redact', options: { entities: ['EMAIL_ADDRESS', 'CREDIT_CARD'] } },
      ],
    },
  },
};

/**
 * An OpenAI-dialect provider on the sim server that always answers `reply` (sent as the sim's
 * `x-sim-reply` header), for scripting upstream answers in gateway tests.
 */
export function scriptedSimProvider(simUrl: string, reply: string) {
  return {
    type: 'openai' as const,
    baseUrl: `${simUrl}/v1`,
    apiKey: 'sk-sim',
    headers: { 'x-sim-reply': Buffer.from(reply, 'utf8').toString('base64') },
  };
}
