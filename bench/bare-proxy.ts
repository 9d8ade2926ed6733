/**
 * The floor for the gateway benchmark: the least a Node gateway can do. It receives the request,
 * JSON.parses the body (as any gateway must, to read `model`), forwards the original bytes to the
 * upstream over an undici Pool with keep-alive, and pipes the response bytes back as they arrive
 * (streams included). No routing, no records, no metrics, no validation beyond JSON.
 *
 *   node bench/bare-proxy.ts --upstream http://127.0.0.1:4142 [--port 0] [--host 127.0.0.1]
 *
 * Prints `bare-proxy listening on URL` once ready; SIGTERM/SIGINT stop it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

export interface BareProxy {
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function handler(pool: Pool) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"invalid JSON"}}');
      return;
    }
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const upstream = await pool.request({
      path: req.url ?? '/',
      method: req.method === 'GET' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', accept: String(req.headers.accept ?? '*/*') },
      body,
      signal: controller.signal,
    });
    res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? '') });
    // pipeline writes each upstream chunk as it arrives: SSE is passed through unbuffered.
    await pipeline(upstream.body, res);
  };
}

export async function startBareProxy(opts: {
  upstream: string;
  port?: number;
  host?: string;
}): Promise<BareProxy> {
  const pool = new Pool(opts.upstream, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
  const handle = handler(pool);
  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { upstream: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  });
  if (!values.upstream) throw new Error('--upstream URL is required');
  const proxy = await startBareProxy({
    upstream: values.upstream,
    port: Number(values.port ?? 0),
    host: values.host ?? '127.0.0.1',
  });
  process.stdout.write(`bare-proxy listening on ${proxy.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await proxy.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`bare-proxy: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
