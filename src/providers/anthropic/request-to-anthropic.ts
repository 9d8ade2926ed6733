import { KeelError } from '../../errors/index.ts';
import type { ChatRequest } from '../../spec/index.ts';
import { legacyToolChoice, legacyTools } from './legacy-functions.ts';
import { messagesToAnthropic } from './messages-to-anthropic.ts';
import { applyThinking } from './thinking-to-anthropic.ts';
import { toolChoiceToAnthropic, toolsToAnthropic } from './tools-to-anthropic.ts';
import type { AnthropicRequest, AnthropicTextBlock, TranslationWarning } from './types.ts';

export interface ToAnthropicOptions {
  /** Upstream model name (the deployment's model, not the public alias). */
  model: string;
  /** Sent when the request sets neither max_tokens nor max_completion_tokens (Anthropic requires one). */
  defaultMaxTokens: number;
  stream?: boolean;
}

export interface ToAnthropicResult {
  body: AnthropicRequest;
  /** Parameters that could not be carried over exactly; callers log or surface them. */
  warnings: TranslationWarning[];
}

/** OpenAI parameters with no Anthropic equivalent: dropped with a warning, never silently. */
const UNSUPPORTED = [
  'seed',
  'logprobs',
  'top_logprobs',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'prediction',
  'service_tier',
] as const;

function positiveInt(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new KeelError('invalid_request', `${param} must be a positive integer`, { param });
  }
  return value;
}

function hint(format: { type: string; [key: string]: unknown }): string | undefined {
  if (format.type === 'json_object') {
    return 'Respond only with a single valid JSON object, without code fences or any other text.';
  }
  if (format.type === 'json_schema') {
    const schema = (format.json_schema as { schema?: unknown } | undefined)?.schema ?? {};
    return `Respond only with a single JSON value that conforms to this JSON schema, without code fences or any other text:\n${JSON.stringify(schema)}`;
  }
  return undefined;
}

/**
 * Anthropic has no response_format the way OpenAI has; Keel appends an instruction to the system
 * prompt instead (documented, with a warning) so JSON-mode callers still get JSON in practice.
 */
function applyResponseFormat(body: AnthropicRequest, request: ChatRequest, warnings: TranslationWarning[]) {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return;
  const text = hint(format);
  if (text === undefined) {
    throw new KeelError('invalid_request', `response_format ${format.type} is not supported`, {
      param: 'response_format',
    });
  }
  warnings.push({
    param: 'response_format',
    message: 'Emulated with a system prompt instruction on Anthropic',
  });
  if (body.system === undefined) body.system = text;
  else if (typeof body.system === 'string') body.system = `${body.system}\n\n${text}`;
  else body.system = [...body.system, { type: 'text', text } satisfies AnthropicTextBlock];
}

function applySampling(body: AnthropicRequest, request: ChatRequest, warnings: TranslationWarning[]) {
  const { temperature, top_p: topP, top_k: topK, stop } = request;
  if (typeof temperature === 'number') {
    // OpenAI allows 0..2, Anthropic 0..1; clamping keeps fallbacks across providers working.
    if (temperature > 1) warnings.push({ param: 'temperature', message: 'Anthropic caps temperature at 1' });
    body.temperature = Math.min(temperature, 1);
  }
  if (typeof topP === 'number') body.top_p = topP;
  if (typeof topK === 'number') body.top_k = topK;
  if (typeof stop === 'string') body.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) body.stop_sequences = stop;
}

/** `tools` and `tool_choice`, or else the legacy `functions` and `function_call` (legacy-functions.ts). */
function applyTools(body: AnthropicRequest, request: ChatRequest) {
  const hasTools = Array.isArray(request.tools) && request.tools.length > 0;
  const tools = hasTools ? request.tools : legacyTools(request);
  if (tools === undefined || tools.length === 0) return;
  body.tools = toolsToAnthropic(tools);
  const wanted = hasTools ? request.tool_choice : legacyToolChoice(request.function_call);
  const choice = toolChoiceToAnthropic(wanted, request.parallel_tool_calls);
  if (choice !== undefined) body.tool_choice = choice;
}

function warnUnsupported(request: ChatRequest, warnings: TranslationWarning[]) {
  for (const param of UNSUPPORTED) {
    const value = request[param];
    if (value === undefined || value === null || value === false) continue;
    warnings.push({ param, message: `Anthropic does not support ${param}; it was ignored` });
  }
}

/** OpenAI Chat Completions request → Anthropic Messages request. Throws KeelError on what can't map. */
export function toAnthropicRequest(request: ChatRequest, options: ToAnthropicOptions): ToAnthropicResult {
  if (request.n !== undefined && request.n !== null && request.n !== 1) {
    throw new KeelError('invalid_request', 'Anthropic returns one choice per request; n must be 1', {
      param: 'n',
    });
  }
  const conversation = messagesToAnthropic(request.messages);
  const warnings = [...conversation.warnings];
  const requestedMaxTokens =
    positiveInt(request.max_tokens, 'max_tokens') ??
    positiveInt(request.max_completion_tokens, 'max_completion_tokens');
  const body: AnthropicRequest = {
    model: options.model,
    max_tokens: requestedMaxTokens ?? options.defaultMaxTokens,
    messages: conversation.messages,
  };
  if (conversation.system !== undefined) body.system = conversation.system;
  applySampling(body, request, warnings);
  applyTools(body, request);
  applyResponseFormat(body, request, warnings);
  warnUnsupported(request, warnings);
  if (typeof request.user === 'string' && request.user !== '') body.metadata = { user_id: request.user };
  const limits = { requestedMaxTokens, defaultMaxTokens: options.defaultMaxTokens };
  applyThinking(body, request, { limits, warnings });
  if (options.stream === true) body.stream = true;
  return { body, warnings };
}
