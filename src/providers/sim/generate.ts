/**
 * The sim's answer to a chat request, computed purely from the request (no clock, no I/O), so the
 * same request always gets the same answer. The seed is `request.seed` when given, else a hash of
 * the model and messages; choice i draws from mix(seed, i). Every answer is a list of token units
 * (see vocabulary.ts): `completionTokens` is exactly the number of units generated, and a stream
 * sends exactly these units, one per chunk.
 */
import { KeelError } from '../../errors/index.ts';
import type { ChatRequest, ToolDefinition } from '../../spec/index.ts';
import { fnv1a, mulberry32 } from '../../util/index.ts';
import { jsonForSchema } from './json-value.ts';
import { countPromptTokens, lastUserText } from './prompt-tokens.ts';
import { type SimThinking, simThinking, thinkingBudget, thinkingUnits } from './thinking.ts';
import { generateWords, mixSeed, type Rng, splitUnits } from './vocabulary.ts';

/** Separates the thinking draw from the answer's (seed ^ salt, choice index). */
const THINKING_SALT = 0x7e1c_4b5d;

export interface GenerateOptions {
  /** Answer length in units when the request does not cap it lower. */
  outputTokens: number;
  /** Prompts with more tokens fail with context_window_exceeded. */
  contextWindow: number;
  /** Exact content to answer with (the server's x-sim-reply), bypassing tools and JSON modes. */
  reply?: string;
}

export interface SimToolCall {
  id: string;
  name: string;
  arguments: string;
  /** The arguments as streamed units. */
  pieces: string[];
}

export interface SimChoice {
  /** Content units in order, as a stream sends them (empty for a tool call). */
  pieces: string[];
  /** `pieces` joined; null for a tool call. */
  content: string | null;
  toolCall?: SimToolCall;
  finishReason: 'stop' | 'length' | 'tool_calls';
  /** The stop string that ended the content, when one did. */
  stopSequence?: string;
  /** Reasoning sent before the answer when the request turned thinking on. */
  thinking?: SimThinking;
  /** All units of the choice: thinking (an output cost at every vendor) plus the answer. */
  completionTokens: number;
}

export interface SimGeneration {
  promptTokens: number;
  completionTokens: number;
  choices: SimChoice[];
}

/** The request's seed: its `seed` when set, else a hash of model and messages. */
export function requestSeed(request: ChatRequest): number {
  if (typeof request.seed === 'number' && Number.isFinite(request.seed)) {
    return mixSeed(request.seed >>> 0, Math.floor(request.seed / 2 ** 32) >>> 0);
  }
  return fnv1a(JSON.stringify(request.messages), fnv1a(request.model));
}

function positiveInt(value: unknown, param: string, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new KeelError('invalid_request', `'${param}' must be an integer between 1 and ${max}`, { param });
  }
  return value;
}

function forcedToolName(choice: unknown): string | undefined {
  if (choice === null || typeof choice !== 'object') return undefined;
  const fn = (choice as { function?: { name?: unknown } }).function;
  return typeof fn?.name === 'string' ? fn.name : undefined;
}

/** Which tool to call, if any: forced by tool_choice, or when the last user message mentions "tool". */
function toolToCall(request: ChatRequest, rng: Rng): ToolDefinition | undefined {
  const tools = request.tools;
  if (!tools || tools.length === 0 || request.tool_choice === 'none') return undefined;
  const forced = forcedToolName(request.tool_choice);
  if (forced !== undefined) {
    const tool = tools.find((t) => t.function.name === forced);
    if (!tool) {
      throw new KeelError('invalid_request', `tool_choice names an unknown function '${forced}'`, {
        param: 'tool_choice',
      });
    }
    return tool;
  }
  if (request.tool_choice === 'required' || /\btools?\b/i.test(lastUserText(request.messages))) {
    return tools[rng() % tools.length];
  }
  return undefined;
}

function hex(rng: Rng): string {
  return rng().toString(16).padStart(8, '0');
}

function toolChoice(tool: ToolDefinition, rng: Rng, cap: number | undefined): SimChoice {
  const id = `call_${hex(rng)}${hex(rng)}${hex(rng)}`;
  let pieces = splitUnits(jsonForSchema(tool.function.parameters, rng));
  // One unit for the call itself (its name), then the argument units.
  let finishReason: SimChoice['finishReason'] = 'tool_calls';
  if (cap !== undefined && cap < pieces.length + 1) {
    pieces = pieces.slice(0, Math.max(cap - 1, 0));
    finishReason = 'length';
  }
  const toolCall = { id, name: tool.function.name, arguments: pieces.join(''), pieces };
  return { pieces: [], content: null, toolCall, finishReason, completionTokens: pieces.length + 1 };
}

/** The content units; plain text stops at `limit` words (the rest would be cut anyway). */
function contentUnits(request: ChatRequest, options: GenerateOptions, rng: Rng, limit: number): string[] {
  if (options.reply !== undefined) return splitUnits(options.reply);
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    const spec = format.json_schema as { schema?: unknown } | undefined;
    return splitUnits(jsonForSchema(spec?.schema, rng));
  }
  if (format?.type === 'json_object') {
    // {"text":"…"} costs 4 structural units; the words fill the rest of outputTokens.
    const words = generateWords(rng, Math.max(1, options.outputTokens - 4)).join('');
    return splitUnits(JSON.stringify({ text: words }));
  }
  return generateWords(rng, Math.min(options.outputTokens, limit));
}

/** Cuts units at the earliest stop string; the unit in which it begins still counts as generated. */
function applyStop(
  units: string[],
  stops: readonly string[],
): { pieces: string[]; used: number; stop: string } | null {
  const text = units.join('');
  let cut = -1;
  let stop = '';
  for (const candidate of stops) {
    const at = candidate ? text.indexOf(candidate) : -1;
    if (at >= 0 && (cut < 0 || at < cut)) {
      cut = at;
      stop = candidate;
    }
  }
  if (cut < 0) return null;
  const pieces: string[] = [];
  let offset = 0;
  for (let k = 0; k < units.length; k++) {
    const unit = units[k] as string;
    if (offset + unit.length > cut) {
      if (cut > offset) pieces.push(unit.slice(0, cut - offset));
      return { pieces, used: k + 1, stop };
    }
    pieces.push(unit);
    offset += unit.length;
  }
  return null;
}

function contentChoice(request: ChatRequest, options: GenerateOptions, rng: Rng, cap?: number): SimChoice {
  // One unit past the cap is enough to tell that the cap cut the answer short.
  let pieces = contentUnits(request, options, rng, cap === undefined ? Number.MAX_SAFE_INTEGER : cap + 1);
  let finishReason: SimChoice['finishReason'] = 'stop';
  if (cap !== undefined && cap < pieces.length) {
    pieces = pieces.slice(0, cap);
    finishReason = 'length';
  }
  const stops = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
  const stopped = stops.length > 0 ? applyStop(pieces, stops) : null;
  if (stopped) {
    const { pieces: cut, used, stop } = stopped;
    return {
      pieces: cut,
      content: cut.join(''),
      finishReason: 'stop',
      stopSequence: stop,
      completionTokens: used,
    };
  }
  return { pieces, content: pieces.join(''), finishReason, completionTokens: pieces.length };
}

interface ChoiceDraw {
  seed: number;
  index: number;
  cap: number | undefined;
  /** Thinking budget when the request turned thinking on. */
  budget: number | undefined;
}

/** Choice `index`: thinking first when on (inside the cap, as Anthropic counts it), then the answer. */
function generateChoice(request: ChatRequest, options: GenerateOptions, draw: ChoiceDraw): SimChoice {
  const { seed, index, cap, budget } = draw;
  const rng = mulberry32(mixSeed(seed, index));
  // Thinking draws from its own stream, so turning it on leaves the answer's words unchanged.
  const thinking =
    budget === undefined
      ? undefined
      : simThinking(
          mulberry32(mixSeed(seed ^ THINKING_SALT, index)),
          thinkingUnits(budget, options.outputTokens, cap),
        );
  const answerCap =
    cap === undefined || thinking === undefined ? cap : Math.max(cap - thinking.pieces.length, 0);
  const tool = options.reply === undefined ? toolToCall(request, rng) : undefined;
  const choice = tool ? toolChoice(tool, rng, answerCap) : contentChoice(request, options, rng, answerCap);
  if (thinking !== undefined) {
    choice.thinking = thinking;
    choice.completionTokens += thinking.pieces.length;
  }
  return choice;
}

/** The complete, deterministic answer to `request`. Throws KeelErrors for invalid or oversized input. */
export function generateCompletion(request: ChatRequest, options: GenerateOptions): SimGeneration {
  const n = positiveInt(request.n, 'n', 128) ?? 1;
  const cap =
    positiveInt(request.max_completion_tokens, 'max_completion_tokens', 10_000_000) ??
    positiveInt(request.max_tokens, 'max_tokens', 10_000_000);
  const promptTokens = countPromptTokens(request.messages);
  if (promptTokens > options.contextWindow) {
    throw new KeelError(
      'context_window_exceeded',
      `This model's maximum context length is ${options.contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens.`,
      {
        param: 'messages',
        upstreamStatus: 400,
        details: { promptTokens, contextWindow: options.contextWindow },
      },
    );
  }
  const seed = requestSeed(request);
  const budget = thinkingBudget(request);
  const choices: SimChoice[] = [];
  let completionTokens = 0;
  for (let i = 0; i < n; i++) {
    const choice = generateChoice(request, options, { seed, index: i, cap, budget });
    completionTokens += choice.completionTokens;
    choices.push(choice);
  }
  return { promptTokens, completionTokens, choices };
}
