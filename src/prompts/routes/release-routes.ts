import type { FastifyInstance } from 'fastify';
import { parseSince } from '../../cli/duration.ts';
import { KeelError } from '../../errors/index.ts';
import { PRODUCTION } from '../names.ts';
import { renderPrompt } from '../render-prompt.ts';
import { promptStats } from '../stats.ts';
import { parseWith } from '../validate.ts';
import { authorize, bodyOf, nameParam, type RouteContext, versionParam } from './context.ts';
import { evalResultBody, renderBody, statsQuery } from './schemas.ts';
import { requirePrompt } from './views.ts';

/** Preview rendering, per-version release stats, evaluation results for the promotion gate. */
export function releaseRoutes(app: FastifyInstance, rc: RouteContext): void {
  const index = rc.service.index;

  app.post('/api/prompts/:name/render', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const name = nameParam(request);
    const body = parseWith(renderBody, bodyOf(request));
    const selector =
      body.version !== undefined ? { version: body.version } : { label: body.label ?? PRODUCTION };
    const key =
      body.user !== undefined ? `u:${body.user}` : body.session !== undefined ? `s:${body.session}` : null;
    const rendered = renderPrompt(index, rc.config(), {
      ref: { name, selector },
      variables: body.variables,
      key,
    });
    const { content } = rendered.version;
    return {
      prompt: rendered.use,
      type: content.type,
      messages: rendered.messages,
      text: rendered.text,
      model: content.model ?? null,
      parameters: content.parameters,
      ...(content.tools === undefined ? {} : { tools: content.tools }),
      ...(content.responseFormat === undefined ? {} : { response_format: content.responseFormat }),
    };
  });

  app.get('/api/prompts/:name/stats', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const name = nameParam(request);
    requirePrompt(index, name);
    const query = parseWith(statsQuery, request.query ?? {});
    const now = Date.now();
    const since = parseSince(query.since, { now, name: 'since' });
    const until = query.until === undefined ? undefined : parseSince(query.until, { now, name: 'until' });
    const versions = await promptStats(rc.service.deps.sql, {
      prompt: name,
      since,
      ...(until === undefined ? {} : { until }),
    });
    const feedback = rc.feedback ? await rc.feedback.byVersion({ prompt: name, since }) : null;
    for (const entry of versions) {
      entry.evalScores = (await rc.evalResults.latestResult(name, entry.version))?.scores ?? null;
      entry.feedback = feedback?.get(entry.version) ?? null;
    }
    return { name, since, until: until ?? now, versions };
  });

  app.post('/api/prompts/:name/versions/:version/eval-results', async (request, reply) => {
    const actor = await authorize(rc, request, 'prompts:eval');
    const name = nameParam(request);
    const version = versionParam(request);
    const body = parseWith(evalResultBody, bodyOf(request));
    const stored = await rc.service.recordEvalResult(
      name,
      version,
      { scores: body.scores, source: body.source, at: body.at ?? Date.now() },
      actor,
    );
    return reply.code(201).send({ id: stored.id, name, version, scores: body.scores, source: body.source });
  });

  app.get('/api/prompts/:name/versions/:version/eval-results/latest', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const name = nameParam(request);
    const version = versionParam(request);
    const result = await rc.evalResults.latestResult(name, version);
    if (!result) throw new KeelError('not_found', `No evaluation result for ${name} v${version}`);
    return { name, version, ...result };
  });
}
