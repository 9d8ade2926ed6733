/**
 * OpenAI wire shapes for a SimGeneration: the chat.completion body, and the chat.completion.chunk
 * sequence of a stream (per choice: a role chunk, one chunk per unit, a finish chunk; then a
 * usage-only chunk when include_usage). Chunks are assembled from prebuilt string pieces because
 * they are the load-test hot path; tests parse them to pin the exact shape.
 */
import type { ChatCompletion, Usage, WireUsage } from '../../spec/index.ts';
import type { SimChoice, SimGeneration } from './generate.ts';
import type { TimedItem } from './timeline.ts';

export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

const FINGERPRINT = 'fp_sim';

function reasoningTokens(gen: SimGeneration): number {
  let total = 0;
  for (const choice of gen.choices) total += choice.thinking?.pieces.length ?? 0;
  return total;
}

export function usageOf(gen: SimGeneration): Usage {
  const { promptTokens, completionTokens } = gen;
  const usage: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  const reasoning = reasoningTokens(gen);
  if (reasoning > 0) usage.reasoningTokens = reasoning;
  return usage;
}

/** Reasoning units are inside completion_tokens and also reported apart, as OpenAI does. */
export function wireUsage(gen: SimGeneration): WireUsage {
  return {
    prompt_tokens: gen.promptTokens,
    completion_tokens: gen.completionTokens,
    total_tokens: gen.promptTokens + gen.completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens(gen) },
  };
}

/** Reasoning is returned DeepSeek-style as `reasoning_content` (OpenAI itself keeps it hidden). */
function message(choice: SimChoice): ChatCompletion['choices'][number]['message'] {
  const out: ChatCompletion['choices'][number]['message'] = choice.toolCall
    ? { role: 'assistant', content: null, refusal: null }
    : { role: 'assistant', content: choice.content, refusal: null };
  if (choice.thinking) out.reasoning_content = choice.thinking.text;
  if (choice.toolCall) {
    const { id, name, arguments: args } = choice.toolCall;
    out.tool_calls = [{ id, type: 'function', function: { name, arguments: args } }];
  }
  return out;
}

/**
 * The HTTP sim speaks OpenAI's wire exactly, which never says which stop sequence matched; the
 * in-process sim is Keel's own provider and reports it (ChatChoice.stop_sequence) so Anthropic-
 * dialect callers get `stop_reason: stop_sequence` as they would from Anthropic.
 */
export interface OpenAiFormatOptions {
  reportStopSequence?: boolean;
}

export function chatCompletionBody(
  gen: SimGeneration,
  meta: ResponseMeta,
  options: OpenAiFormatOptions = {},
): ChatCompletion {
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: gen.choices.map((choice, index) => ({
      index,
      message: message(choice),
      logprobs: null,
      finish_reason: choice.finishReason,
      ...(options.reportStopSequence && choice.stopSequence !== undefined
        ? { stop_sequence: choice.stopSequence }
        : {}),
    })),
    usage: wireUsage(gen),
    system_fingerprint: FINGERPRINT,
  };
}

function choiceItems(
  choice: SimChoice,
  index: number,
  format: { wrap: (choiceJson: string) => string; reportStopSequence: boolean },
): TimedItem[] {
  const { wrap } = format;
  const head = `{"index":${index},"delta":`;
  const tail = ',"logprobs":null,"finish_reason":null}';
  const items: TimedItem[] = [];
  if (choice.thinking) {
    items.push({
      text: wrap(`${head}{"role":"assistant","content":"","reasoning_content":"","refusal":null}${tail}`),
      token: false,
    });
    for (const piece of choice.thinking.pieces) {
      items.push({ text: wrap(`${head}{"reasoning_content":${JSON.stringify(piece)}}${tail}`), token: true });
    }
  }
  const call = choice.toolCall;
  if (call) {
    const header = `{"index":0,"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}`;
    const delta = `{"role":"assistant","content":null,"tool_calls":[${header}],"refusal":null}`;
    items.push({ text: wrap(head + delta + tail), token: true });
    for (const piece of call.pieces) {
      const args = `{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}`;
      items.push({ text: wrap(head + args + tail), token: true });
    }
  } else {
    if (!choice.thinking) {
      items.push({
        text: wrap(`${head}{"role":"assistant","content":"","refusal":null}${tail}`),
        token: false,
      });
    }
    for (const piece of choice.pieces) {
      items.push({ text: wrap(`${head}{"content":${JSON.stringify(piece)}}${tail}`), token: true });
    }
  }
  const matched =
    format.reportStopSequence && choice.stopSequence !== undefined
      ? `,"stop_sequence":${JSON.stringify(choice.stopSequence)}`
      : '';
  const finish = `${head}{},"logprobs":null,"finish_reason":"${choice.finishReason}"${matched}}`;
  items.push({ text: wrap(finish), token: false });
  return items;
}

/** The stream's chunks in order. Choices are streamed one after another (clients key on index). */
export function openAiStreamItems(
  gen: SimGeneration,
  meta: ResponseMeta,
  options: OpenAiFormatOptions & { includeUsage: boolean },
): TimedItem[] {
  const { includeUsage } = options;
  const reportStopSequence = options.reportStopSequence === true;
  const prefix = `{"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"system_fingerprint":"${FINGERPRINT}","choices":[`;
  // With include_usage OpenAI sends "usage":null on every chunk but the last.
  const suffix = includeUsage ? '],"usage":null}' : ']}';
  const wrap = (choiceJson: string) => prefix + choiceJson + suffix;
  const items: TimedItem[] = [];
  gen.choices.forEach((choice, index) => {
    for (const item of choiceItems(choice, index, { wrap, reportStopSequence })) items.push(item);
  });
  if (includeUsage) {
    items.push({
      text: `${prefix}],"usage":${JSON.stringify(wireUsage(gen))}}`,
      token: false,
      usage: usageOf(gen),
    });
  }
  return items;
}
