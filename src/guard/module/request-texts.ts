import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  EmbeddingRequest,
  ToolCall,
  ToolDefinition,
} from '../../spec/chat.ts';
import { type DocField, documentTexts, withDocumentText } from './document-texts.ts';

/**
 * Finding and replacing the texts of a request that the input checkpoint screens: string
 * contents, text parts and the texts of `document` parts (document-texts.ts) of system,
 * developer, user, tool and (legacy) function messages. Assistant turns are the
 * model's own earlier output and are not re-screened as input; they are only masked (their texts:
 * `collectTexts(messages, 'assistant')`; their calls: assistant-history.ts), because a restored
 * answer carries the user's data back in the next turn's history.
 */

export interface TextRef {
  message: number;
  /** Index of the text part, or null when the content is a plain string. */
  part: number | null;
  /** Where in a `document` part the text sits (absent for text parts and string contents). */
  doc?: DocField;
  text: string;
}

// `function` messages are legacy function-calling results: text from outside, like tool results.
const SCREENED_ROLES = new Set(['system', 'developer', 'user', 'tool', 'function']);

export function collectTexts(
  messages: readonly ChatMessage[],
  roles: 'screened' | 'assistant' = 'screened',
): TextRef[] {
  const refs: TextRef[] = [];
  messages.forEach((m, message) => {
    if (roles === 'screened' ? !SCREENED_ROLES.has(m.role) : m.role !== 'assistant') return;
    if (typeof m.content === 'string') {
      if (m.content.length > 0) refs.push({ message, part: null, text: m.content });
      return;
    }
    if (!Array.isArray(m.content)) return;
    m.content.forEach((p, part) => {
      if (p.type === 'text' && typeof p.text === 'string' && p.text.length > 0)
        refs.push({ message, part, text: p.text });
      for (const { field, text } of documentTexts(p)) refs.push({ message, part, doc: field, text });
    });
  });
  return refs;
}

/** New messages with the given texts replaced (copy-on-write: untouched messages are shared). */
export function replaceTexts(
  messages: readonly ChatMessage[],
  replacements: ReadonlyArray<{ ref: TextRef; text: string }>,
): ChatMessage[] {
  const out = [...messages];
  for (const { ref, text } of replacements) {
    const current = out[ref.message] as ChatMessage;
    if (ref.part === null) {
      out[ref.message] = { ...current, content: text };
      continue;
    }
    const parts = [...(current.content as NonNullable<ChatMessage['content']> & unknown[])];
    const old = parts[ref.part] as ContentPart;
    parts[ref.part] =
      ref.doc === undefined ? { ...old, type: 'text', text } : withDocumentText(old, ref.doc, text);
    out[ref.message] = { ...current, content: parts as ChatMessage['content'] };
  }
  return out;
}

function textOf(m: ChatMessage): string {
  if (typeof m.content === 'string') return m.content;
  if (!Array.isArray(m.content)) return '';
  let text = '';
  for (const p of m.content)
    if (p.type === 'text' && typeof p.text === 'string') text += `${text ? '\n' : ''}${p.text}`;
  return text;
}

/** System and developer messages joined: what the prompt-leakage scanner compares the answer with. */
export function systemPromptOf(messages: readonly ChatMessage[]): string | undefined {
  const texts = messages.filter((m) => m.role === 'system' || m.role === 'developer').map(textOf);
  const joined = texts.filter((t) => t.length > 0).join('\n');
  return joined.length > 0 ? joined : undefined;
}

/** The latest user message: what a proposed tool call is checked for consistency against. */
export function lastUserText(messages: readonly ChatMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as ChatMessage;
    if (m.role === 'user') return textOf(m);
  }
  return undefined;
}

/** `response_format.json_schema.schema`, when the request asks for structured output. */
export function responseSchemaOf(request: ChatRequest): Record<string, unknown> | undefined {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return undefined;
  const spec = format.json_schema as { schema?: unknown } | undefined;
  const schema = spec?.schema;
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema)
    ? (schema as Record<string, unknown>)
    : undefined;
}

/**
 * The tools a request declares: `tools`, plus the legacy `functions` list (which clients still
 * send with `function_call` answers), so allow-list and schema checks see both.
 */
export function declaredTools(request: ChatRequest): ToolDefinition[] | undefined {
  const tools = Array.isArray(request.tools) ? request.tools : [];
  const functions = Array.isArray(request.functions) ? (request.functions as unknown[]) : [];
  const legacy = functions.flatMap((f): ToolDefinition[] => {
    if (f === null || typeof f !== 'object' || typeof (f as { name?: unknown }).name !== 'string') return [];
    return [{ type: 'function', function: f as ToolDefinition['function'] }];
  });
  if (!Array.isArray(request.tools) && legacy.length === 0) return undefined;
  return [...tools, ...legacy];
}

/** A legacy `function_call` (on an answer or an assistant turn) as a tool call, when it has one. */
export function legacyFunctionCall(message: Record<string, unknown> | undefined): ToolCall | undefined {
  const fc = message?.function_call as { name?: unknown; arguments?: unknown } | null | undefined;
  if (fc === null || typeof fc !== 'object') return undefined;
  return {
    id: '',
    type: 'function',
    function: {
      name: typeof fc.name === 'string' ? fc.name : '',
      arguments: typeof fc.arguments === 'string' ? fc.arguments : '',
    },
  };
}

/** The string inputs of an embeddings request (token-id inputs carry no text to screen). */
export function embeddingTexts(request: EmbeddingRequest): string[] {
  const input = request.input;
  if (typeof input === 'string') return [input];
  return (input as unknown[]).filter((x): x is string => typeof x === 'string');
}

/** The embeddings request with its string inputs replaced in order. */
export function replaceEmbeddingTexts(request: EmbeddingRequest, texts: readonly string[]): EmbeddingRequest {
  if (typeof request.input === 'string') return { ...request, input: texts[0] ?? request.input };
  let i = 0;
  const input = (request.input as unknown[]).map((x) => (typeof x === 'string' ? (texts[i++] ?? x) : x));
  return { ...request, input: input as EmbeddingRequest['input'] };
}
