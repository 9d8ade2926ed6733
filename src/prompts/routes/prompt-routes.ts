import type { FastifyInstance } from 'fastify';
import { KeelError } from '../../errors/index.ts';
import { parseWith } from '../validate.ts';
import { authorize, bodyOf, nameParam, type RouteContext, versionParam } from './context.ts';
import { contentOf, createPromptMeta, createVersionMeta, updatePromptBody } from './schemas.ts';
import { promptDetail, promptSummary, requirePrompt, versionMeta, versionView } from './views.ts';

/** Prompts and versions: /api/prompts, /api/prompts/:name, /api/prompts/:name/versions[/:version]. */
export function promptRoutes(app: FastifyInstance, rc: RouteContext): void {
  const index = rc.service.index;

  app.get('/api/prompts', async (request) => {
    await authorize(rc, request, 'prompts:read');
    return { data: index.list().map((prompt) => promptSummary(index, prompt)) };
  });

  app.post('/api/prompts', async (request, reply) => {
    const actor = await authorize(rc, request, 'prompts:write');
    const body = parseWith(createPromptMeta, bodyOf(request));
    const version = await rc.service.createPrompt(
      {
        name: body.name,
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.tags === undefined ? {} : { tags: body.tags }),
        ...(body.commitMessage === undefined ? {} : { commitMessage: body.commitMessage }),
        ...(body.labels === undefined ? {} : { labels: body.labels }),
        content: contentOf(body),
      },
      actor,
    );
    const prompt = requirePrompt(index, body.name);
    return reply
      .code(201)
      .send({ ...promptSummary(index, prompt), version: versionView(index, prompt, version) });
  });

  app.get('/api/prompts/:name', async (request) => {
    await authorize(rc, request, 'prompts:read');
    return promptDetail(index, requirePrompt(index, nameParam(request)));
  });

  app.patch('/api/prompts/:name', async (request) => {
    const actor = await authorize(rc, request, 'prompts:write');
    const name = nameParam(request);
    const body = parseWith(updatePromptBody, bodyOf(request));
    await rc.service.updatePrompt(
      name,
      {
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.tags === undefined ? {} : { tags: body.tags }),
      },
      actor,
    );
    return promptSummary(index, requirePrompt(index, name));
  });

  app.delete('/api/prompts/:name', async (request, reply) => {
    const actor = await authorize(rc, request, 'prompts:delete');
    await rc.service.deletePrompt(nameParam(request), actor);
    return reply.code(204).send();
  });

  app.get('/api/prompts/:name/versions', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const prompt = requirePrompt(index, nameParam(request));
    return {
      data: [...prompt.versions.values()]
        .map((c) => versionMeta(index, prompt, c.version))
        .sort((a, b) => b.version - a.version),
    };
  });

  app.post('/api/prompts/:name/versions', async (request, reply) => {
    const actor = await authorize(rc, request, 'prompts:write');
    const name = nameParam(request);
    const body = parseWith(createVersionMeta, bodyOf(request));
    const version = await rc.service.createVersion(
      name,
      {
        content: contentOf(body, ['commitMessage', 'labels']),
        ...(body.commitMessage === undefined ? {} : { commitMessage: body.commitMessage }),
        ...(body.labels === undefined ? {} : { labels: body.labels }),
      },
      actor,
    );
    return reply.code(201).send(versionView(index, requirePrompt(index, name), version));
  });

  app.get('/api/prompts/:name/versions/:version', async (request) => {
    await authorize(rc, request, 'prompts:read');
    const prompt = requirePrompt(index, nameParam(request));
    const number = versionParam(request);
    const compiled = prompt.versions.get(number);
    if (!compiled) throw new KeelError('not_found', `Prompt '${prompt.meta.name}' has no version ${number}`);
    return versionView(index, prompt, compiled.version);
  });

  // Versions are immutable: say so plainly instead of a generic "no route".
  const immutable = async (): Promise<never> => {
    throw new KeelError(
      'conflict',
      'Prompt versions are immutable: create a new version (POST /api/prompts/:name/versions) and move a label to it',
    );
  };
  app.put('/api/prompts/:name/versions/:version', immutable);
  app.patch('/api/prompts/:name/versions/:version', immutable);
  app.delete('/api/prompts/:name/versions/:version', immutable);
}
