import type { IncomingHttpHeaders } from 'node:http';
import { KeelError } from '../../errors/index.ts';
import type { Scanner } from '../../spec/scanner.ts';
import { extractValues, flagValues } from './extract-values.ts';
import { quarantineRequest } from './quarantine-prompt.ts';
import type { QuarantineBody, QuarantineResult } from './quarantine-schema.ts';
import type { SelfCaller } from './self-call.ts';

export interface QuarantineDeps {
  caller: SelfCaller;
  /** Screens extracted strings (the injection scanner). */
  scanner: () => Scanner;
  /** Headers marking the inner call as the quarantine's own (see the guard module). */
  marker: () => Record<string, string>;
}

const ATTEMPTS = 2;

/**
 * The "dual LLM" quarantine: a tool-less model reads untrusted content under a JSON schema, and
 * only values that validate against the schema come back, as named variables — so a privileged,
 * tool-using model (or code) never reads the raw text. An invalid answer is retried once; a
 * second invalid answer is a 422 that names schema paths, never the model's text.
 */
export async function runQuarantine(
  body: QuarantineBody,
  deps: QuarantineDeps,
  call: { headers: IncomingHttpHeaders; signal?: AbortSignal },
): Promise<QuarantineResult> {
  let errors: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const request = quarantineRequest(body, attempt > 1 ? errors.join('; ') : undefined);
    const completion = await deps.caller.chat(request, {
      headers: call.headers,
      extra: deps.marker(),
      ...(call.signal ? { signal: call.signal } : {}),
    });
    const message = completion.choices?.[0]?.message;
    const extraction = extractValues(message?.content, body.schema);
    if (!extraction.ok) {
      errors = extraction.errors;
      continue;
    }
    const flags = await flagValues(extraction.variables, deps.scanner());
    return {
      variables: extraction.variables,
      flags,
      model: typeof completion.model === 'string' ? completion.model : body.model,
      usage: (completion.usage as Record<string, unknown> | undefined) ?? null,
      attempts: attempt,
    };
  }
  throw new KeelError(
    'output_invalid',
    `The model's answer did not match the schema after ${ATTEMPTS} attempts: ${errors.join('; ')}`,
    { details: { attempts: ATTEMPTS, errors } },
  );
}
