import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the test upstream saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Resolves when the client side of this request's connection went away or the response ended. */
  closed: Promise<void>;
}

/** May return anything (e.g. `res.end(...)`); a returned promise is awaited. */
export type TestHandler = (req: SeenRequest, res: ServerResponse) => unknown;

export interface TestUpstream {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: SeenRequest[];
  /** Number of TCP connections accepted so far (keep-alive reuse keeps this low). */
  connections(): number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A tiny real HTTP upstream for provider tests (loopback only). Test-only helper: lives beside the
 * code so every provider test can script exact bytes, statuses and socket failures.
 */
export async function startTestUpstream(handler: TestHandler): Promise<TestUpstream> {
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server = createServer(async (req, res) => {
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: await readBody(req),
      closed,
    };
    requests.push(seen);
    try {
      await handler(seen, res);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes an SSE stream of `data:` events (objects are JSON-encoded) with an optional [DONE]. */
export function sseBody(events: Array<string | object>, done = true): string {
  const lines = events.map(
    (event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`,
  );
  return lines.join('') + (done ? 'data: [DONE]\n\n' : '');
}
