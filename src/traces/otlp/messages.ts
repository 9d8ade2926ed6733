import type { Attrs } from './attrs.ts';
import { collectAttributes, dict, field, isObj, nanosToMicros, type Obj } from './values.ts';

/**
 * A span's input and output across conventions, most explicit first:
 *  - Langfuse `langfuse.observation.input/output`; OpenInference `input.value/output.value`;
 *  - GenAI `gen_ai.input.messages/gen_ai.output.messages` (JSON), Traceloop `traceloop.entity.*`;
 *  - indexed messages: Traceloop `gen_ai.prompt.N.role/content`, `gen_ai.completion.N.*`,
 *    OpenInference `llm.input_messages.N.message.role/content`, `llm.output_messages.N.…`;
 *  - span events: GenAI `gen_ai.{system,user,assistant,tool}.message` and `gen_ai.choice`, and
 *    the older `gen_ai.content.prompt` / `gen_ai.content.completion` events.
 * Returns undefined where nothing was found. Events not used here are returned for metadata.
 */
export interface Io {
  input: unknown;
  output: unknown;
  /** Message of the first `exception` event, for spans that failed. */
  exception: string | null;
  otherEvents: Obj[];
}

const MAX_EVENTS = 20;

function indexed(attrs: Attrs, pattern: RegExp): Obj[] | undefined {
  const found = attrs.matching(pattern);
  if (found.length === 0) return undefined;
  const messages: Obj[] = [];
  for (const { match, value } of found) {
    const index = Number(match[1]);
    if (!Number.isSafeInteger(index) || index > 10_000) continue;
    const path = (match[2] ?? '').split('.');
    messages[index] ??= dict();
    let target = messages[index] as Obj;
    for (const part of path.slice(0, -1)) {
      if (!isObj(target[part])) target[part] = dict();
      target = target[part] as Obj;
    }
    target[path[path.length - 1] ?? 'value'] = value;
  }
  return messages.filter((m) => m !== undefined);
}

interface Events {
  input: Obj[];
  output: Obj[];
  promptText: unknown;
  completionText: unknown;
  exception: string | null;
  other: Obj[];
}

const MESSAGE_EVENT = /^gen_ai\.(system|user|assistant|tool)\.message$/;

function readEvents(list: unknown): Events {
  const out: Events = {
    input: [],
    output: [],
    promptText: undefined,
    completionText: undefined,
    exception: null,
    other: [],
  };
  if (!Array.isArray(list)) return out;
  for (const event of list) {
    if (!isObj(event)) continue;
    const name = typeof event.name === 'string' ? event.name : '';
    const attributes = dict();
    collectAttributes(field(event, 'attributes'), attributes);
    const role = MESSAGE_EVENT.exec(name)?.[1];
    if (role) out.input.push({ role, ...attributes });
    else if (name === 'gen_ai.choice') out.output.push({ ...attributes });
    else if (name === 'gen_ai.content.prompt') out.promptText = attributes['gen_ai.prompt'];
    else if (name === 'gen_ai.content.completion') out.completionText = attributes['gen_ai.completion'];
    else if (name === 'exception') {
      const type =
        typeof attributes['exception.type'] === 'string' ? `${attributes['exception.type']}: ` : '';
      const message = attributes['exception.message'];
      out.exception ??= `${type}${typeof message === 'string' ? message : 'exception'}`.slice(0, 2000);
    } else if (out.other.length < MAX_EVENTS) {
      const timeUs = nanosToMicros(field(event, 'timeUnixNano', 'time_unix_nano'));
      out.other.push({ name, timeUs, attributes });
    }
  }
  return out;
}

export function extractIo(attrs: Attrs, events: unknown): Io {
  const e = readEvents(events);
  const promptMessages = indexed(attrs, /^gen_ai\.prompt\.(\d+)\.(.+)$/);
  const completionMessages = indexed(attrs, /^gen_ai\.completion\.(\d+)\.(.+)$/);
  const inputMessages = indexed(attrs, /^llm\.input_messages\.(\d+)\.(?:message\.)?(.+)$/);
  const outputMessages = indexed(attrs, /^llm\.output_messages\.(\d+)\.(?:message\.)?(.+)$/);
  const input =
    attrs.take(
      'langfuse.observation.input',
      'input.value',
      'gen_ai.input.messages',
      'traceloop.entity.input',
      'gen_ai.prompt',
    ) ??
    promptMessages ??
    inputMessages ??
    (e.input.length > 0 ? e.input : undefined) ??
    e.promptText;
  const output =
    attrs.take(
      'langfuse.observation.output',
      'output.value',
      'gen_ai.output.messages',
      'traceloop.entity.output',
      'gen_ai.completion',
    ) ??
    completionMessages ??
    outputMessages ??
    (e.output.length > 0 ? e.output : undefined) ??
    e.completionText;
  return { input, output, exception: e.exception, otherEvents: e.other };
}
