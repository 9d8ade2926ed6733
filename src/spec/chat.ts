/**
 * The canonical chat dialect inside Keel is OpenAI's Chat Completions shape: every inbound dialect is
 * translated into it and every provider adapter translates out of it. Only the fields Keel reads are
 * typed; everything else is carried through untouched in the index signature so new upstream
 * parameters work without a Keel release.
 */

/**
 * `function` is the legacy function-calling result (`{role: 'function', name, content}`, the answer
 * to an assistant turn's `function_call`); OpenAI still accepts it and its SDK still types it.
 */
export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface TextPart {
  type: 'text';
  text: string;
}
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: string };
}
export type ContentPart = TextPart | ImagePart | { type: string; [key: string]: unknown };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * Anthropic extended thinking in the OpenAI dialect (the shape LiteLLM uses): a `thinking` block
 * with the `signature` Anthropic needs to see unchanged when the block is sent back, or an opaque
 * `redacted_thinking` block. A signature is absent only for reasoning from a non-Anthropic upstream.
 */
export interface ThinkingTextBlock {
  type: 'thinking';
  thinking: string;
  signature?: string;
}
export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}
export type ThinkingBlock = ThinkingTextBlock | RedactedThinkingBlock;

export interface ChatMessage {
  role: Role;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  /** Assistant turns: the model's reasoning text (all thinking joined); informational on input. */
  reasoning_content?: string | null;
  /** Assistant turns: thinking blocks to send back to Anthropic, in order, signatures untouched. */
  thinking_blocks?: ThinkingBlock[] | null;
  [key: string]: unknown;
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [key: string]: unknown } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  tools?: ToolDefinition[];
  tool_choice?: unknown;
  response_format?: { type: string; [key: string]: unknown };
  user?: string;
  [key: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | null;

export interface ChatChoice {
  index: number;
  message: {
    role: 'assistant';
    content: string | null;
    tool_calls?: ToolCall[];
    reasoning_content?: string | null;
    thinking_blocks?: ThinkingBlock[];
    [key: string]: unknown;
  };
  finish_reason: FinishReason;
  /**
   * Keel's extension: the stop sequence that ended the answer, when the upstream said which one
   * (Anthropic's `stop_sequence`, Keel's sim). OpenAI does not report it, so OpenAI-type upstreams
   * never set it and an Anthropic-dialect client then sees `end_turn`. Absent rather than null so
   * OpenAI-dialect bodies are otherwise unchanged. vLLM's `stop_reason` is not read: OpenAI-
   * compatible servers disagree on what that field holds.
   */
  stop_sequence?: string;
  logprobs?: unknown;
}

/** OpenAI's wire usage object (snake case), as returned to clients. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; [key: string]: unknown };
  completion_tokens_details?: { reasoning_tokens?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: WireUsage;
  system_fingerprint?: string | null;
  [key: string]: unknown;
}

export interface ChunkChoice {
  index: number;
  delta: {
    role?: 'assistant';
    content?: string | null;
    tool_calls?: Array<Partial<ToolCall> & { index: number }>;
    /** A piece of reasoning text (Anthropic thinking_delta, DeepSeek-style reasoning). */
    reasoning_content?: string;
    /** Complete blocks, each sent once when it ends: collect them in order to rebuild the turn. */
    thinking_blocks?: ThinkingBlock[];
  };
  finish_reason: FinishReason;
  /** As ChatChoice.stop_sequence; only on the chunk that carries the finish_reason. */
  stop_sequence?: string;
  logprobs?: unknown;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChunkChoice[];
  usage?: WireUsage | null;
  system_fingerprint?: string | null;
  [key: string]: unknown;
}

export interface EmbeddingRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [key: string]: unknown;
}

export interface EmbeddingResponse {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
