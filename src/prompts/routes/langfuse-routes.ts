import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeelError } from '../../errors/index.ts';
import type { LangfuseKeyConfig } from '../config.ts';
import { etagMatches, etagOf, toLangfusePrompt } from '../langfuse.ts';
import { PRODUCTION } from '../names.ts';
import { parseWith } from '../validate.ts';
import { nameParam, type RouteContext } from './context.ts';
import { langfuseQuery } from './schemas.ts';
import { requirePrompt } from './views.ts';

const ENV_PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** `${NAME}` / `{ env: NAME }` → value; a missing variable is a config error at start, not a silent open door. */
export function resolveLangfuseKeys(
  keys: readonly LangfuseKeyConfig[] | undefined,
  env = process.env,
): Array<{ publicKey: string; secretKey: string }> | null {
  if (keys === undefined) return null;
  return keys.map((key) => {
    const ref = key.secretKey;
    const name = typeof ref === 'string' ? ENV_PLACEHOLDER.exec(ref)?.[1] : ref.env;
    if (name === undefined) return { publicKey: key.publicKey, secretKey: ref as string };
    const value = env[name];
    if (!value)
      throw new KeelError('config_invalid', `prompts.langfuseKeys: environment variable ${name} is not set`);
    return { publicKey: key.publicKey, secretKey: value };
  });
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Langfuse clients send Basic public:secret. Unconfigured keys accept any pair (local use). */
function checkBasicAuth(
  request: FastifyRequest,
  keys: Array<{ publicKey: string; secretKey: string }> | null,
): void {
  if (keys === null) return;
  const header = request.headers.authorization ?? '';
  const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
  const split = decoded.indexOf(':');
  const given =
    split < 0 ? null : { publicKey: decoded.slice(0, split), secretKey: decoded.slice(split + 1) };
  // Compare digests so the time taken says nothing about how much of a key matched.
  const ok =
    given !== null &&
    keys.some(
      (key) =>
        key.publicKey === given.publicKey && timingSafeEqual(digest(key.secretKey), digest(given.secretKey)),
    );
  if (!ok)
    throw new KeelError(
      'unauthorized',
      'Invalid Langfuse API key pair (Basic auth with publicKey:secretKey)',
    );
}

/** Langfuse-compatible prompt reads, so Langfuse SDKs and tools can fetch prompts from Keel. */
export function langfuseRoutes(
  app: FastifyInstance,
  rc: RouteContext,
  keys: () => Array<{ publicKey: string; secretKey: string }> | null,
): void {
  const index = rc.service.index;

  app.get('/api/public/v2/prompts/:name', async (request, reply) => {
    checkBasicAuth(request, keys());
    const name = nameParam(request);
    const query = parseWith(langfuseQuery, request.query ?? {});
    if (query.label !== undefined && query.version !== undefined) {
      throw new KeelError('invalid_request', 'Give label or version, not both', { param: 'version' });
    }
    const selector =
      query.version !== undefined ? { version: query.version } : { label: query.label ?? PRODUCTION };
    const { prompt, compiled } = index.resolve({ name, selector }, null);
    const config = rc.config();
    const body = JSON.stringify(
      toLangfusePrompt(index, {
        prompt,
        compiled,
        resolve: query.resolve !== 'false',
        maxDepth: config.maxIncludeDepth,
      }),
    );
    const etag = etagOf(body);
    // Short max-age plus revalidation: a moved label reaches clients within seconds.
    reply
      .header('etag', etag)
      .header('cache-control', `private, max-age=${config.langfuseMaxAgeSeconds}, must-revalidate`);
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.get('/api/public/v2/prompts', async (request) => {
    checkBasicAuth(request, keys());
    const query = parseWith(langfuseQuery, request.query ?? {}) as {
      name?: unknown;
      label?: string;
      tag?: unknown;
      page?: unknown;
      limit?: unknown;
    };
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const limit = Math.min(100, Math.max(1, Number(query.limit ?? 50) || 50));
    const matches = index.list().filter((p) => {
      if (typeof query.name === 'string' && p.meta.name !== query.name) return false;
      if (typeof query.tag === 'string' && !p.meta.tags.includes(query.tag)) return false;
      return query.label === undefined || index.labelTarget(p, query.label) !== undefined;
    });
    const data = matches.slice((page - 1) * limit, page * limit).map((p) => {
      const latest = requirePrompt(index, p.meta.name).versions.get(p.latest)?.version;
      const labels = new Set<string>();
      for (const v of p.versions.keys()) for (const l of index.labelsOf(p, v)) labels.add(l);
      return {
        name: p.meta.name,
        type: latest?.content.type ?? 'chat',
        versions: [...p.versions.keys()].sort((a, b) => a - b),
        labels: [...labels].sort(),
        tags: p.meta.tags,
        lastUpdatedAt: new Date(p.meta.updatedAt).toISOString(),
        lastConfig: latest
          ? { ...latest.content.parameters, ...(latest.content.model ? { model: latest.content.model } : {}) }
          : null,
      };
    });
    return {
      data,
      meta: { page, limit, totalItems: matches.length, totalPages: Math.ceil(matches.length / limit) },
    };
  });
}
