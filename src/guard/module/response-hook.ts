import type { ChatChoice, ChatCompletion, ToolCall } from '../../spec/chat.ts';
import type { RequestContext } from '../../spec/hooks.ts';
import { type GuardRunContext, guardrailError } from '../policy/index.ts';
import { type GuardRequestState, requestState } from './request-state.ts';
import { legacyFunctionCall } from './request-texts.ts';
import { restoreArguments } from './restore.ts';
import { countBlock, foldRecords, recordEntries } from './results.ts';

function scanContext(rs: GuardRequestState): GuardRunContext {
  return {
    policy: rs.policy.name,
    ...(rs.systemPrompt !== undefined ? { systemPrompt: rs.systemPrompt } : {}),
    ...(rs.userRequest !== undefined ? { userRequest: rs.userRequest } : {}),
    ...(rs.tools ? { tools: rs.tools } : {}),
    ...(rs.responseSchema ? { responseSchema: rs.responseSchema } : {}),
  };
}

/** A choice's proposed calls: `tool_calls`, and a legacy `function_call` (older clients' `functions`). */
function callsOf(choice: ChatChoice): ToolCall[] {
  const legacy = legacyFunctionCall(choice.message);
  return [...(choice.message?.tool_calls ?? []), ...(legacy ? [legacy] : [])];
}

/** Action checkpoint on every proposed tool call; a block fails the request (the client never gets the call). */
async function checkToolCalls(rs: GuardRequestState, choices: readonly ChatChoice[]): Promise<void> {
  const calls: ToolCall[] = choices.flatMap(callsOf);
  if (calls.length === 0) return;
  const ctx = scanContext(rs);
  const results = await Promise.all(
    calls.map((call) => rs.guard.runCheckpoint('action', { kind: 'tool_call', call }, ctx)),
  );
  recordEntries(
    rs.sink,
    foldRecords(
      'action',
      results.map((r) => r.results),
    ),
  );
  const blocked = results.find((r) => r.action === 'block');
  if (blocked) {
    countBlock(rs.sink, 'action', blocked.blockedBy?.scanner ?? 'unknown');
    throw guardrailError(blocked);
  }
}

/**
 * Output checkpoint on each text (answers and reasoning, folded into one record per scanner);
 * returns the redacted texts (undefined: unchanged). A block fails the request.
 */
async function checkOutputs(
  rs: GuardRequestState,
  texts: ReadonlyArray<string | undefined>,
): Promise<Array<string | undefined>> {
  if (texts.every((t) => t === undefined)) return texts.map(() => undefined);
  const ctx = scanContext(rs);
  const results = await Promise.all(
    texts.map((text) =>
      text === undefined ? undefined : rs.guard.runCheckpoint('output', { kind: 'text', text }, ctx),
    ),
  );
  const ran = results.filter((r) => r !== undefined);
  recordEntries(
    rs.sink,
    foldRecords(
      'output',
      ran.map((r) => r.results),
    ),
  );
  const blocked = ran.find((r) => r.action === 'block');
  if (blocked) {
    countBlock(rs.sink, 'output', blocked.blockedBy?.scanner ?? 'unknown');
    throw guardrailError(blocked);
  }
  return results.map((r) => (r?.action === 'redact' ? r.text : undefined));
}

const answerOf = (choice: ChatChoice): string | undefined => {
  const content = choice.message?.content;
  return typeof content === 'string' && content.length > 0 ? content : undefined;
};

/**
 * The reasoning a choice shows the client: `reasoning_content`, else its thinking blocks' text.
 * A client may show it as it shows the answer, so the output checkpoint reads it too. A redaction
 * rewrites `reasoning_content` and drops the signed thinking blocks, whose text cannot be edited
 * without breaking their signature.
 */
function reasoningOf(choice: ChatChoice): string | undefined {
  const m = choice.message;
  if (typeof m?.reasoning_content === 'string' && m.reasoning_content.length > 0) return m.reasoning_content;
  const text = (m?.thinking_blocks ?? [])
    .map((b) => (b.type === 'thinking' ? b.thinking : ''))
    .filter((t) => t.length > 0)
    .join('\n\n');
  return text.length > 0 ? text : undefined;
}

/**
 * afterResponse (non-streamed answers): action checkpoint on tool calls, output checkpoint on the
 * answer, then masked placeholders are restored — after output scanning, so the user's own data
 * coming back is not mistaken for a leak. Returns a new body only when something changed.
 */
export async function screenResponse(
  ctx: RequestContext,
  body: ChatCompletion,
): Promise<ChatCompletion | undefined> {
  const rs = requestState(ctx);
  if (!rs || !Array.isArray(body.choices)) return undefined;
  if (rs.policy.hasAction) await checkToolCalls(rs, body.choices);
  const n = body.choices.length;
  const outputs = rs.policy.hasOutput
    ? await checkOutputs(rs, [...body.choices.map(answerOf), ...body.choices.map(reasoningOf)])
    : [];
  const redacted = outputs.slice(0, n);
  const reasoning = outputs.slice(n);
  const mask = rs.mask && rs.mask.size > 0 ? rs.mask : undefined;
  if (!mask && redacted.every((t) => t === undefined) && reasoning.every((r) => r === undefined))
    return undefined;
  const choices = body.choices.map((choice, i) => {
    const message = { ...choice.message };
    const content = redacted[i] ?? message.content;
    message.content = mask && typeof content === 'string' ? mask.restore(content) : content;
    const edit = reasoning[i];
    if (edit !== undefined) {
      message.reasoning_content = edit;
      const kept = (message.thinking_blocks ?? []).filter((b) => b.type !== 'thinking');
      if (kept.length > 0) message.thinking_blocks = kept;
      else delete message.thinking_blocks;
    }
    // Placeholders the model reasoned with come back as the user's values in the readable copy;
    // signed blocks keep the text the model wrote.
    if (mask && typeof message.reasoning_content === 'string')
      message.reasoning_content = mask.restore(message.reasoning_content);
    if (mask && message.tool_calls) {
      message.tool_calls = message.tool_calls.map((call) => ({
        ...call,
        function: { ...call.function, arguments: restoreArguments(call.function.arguments, mask) },
      }));
    }
    const legacy = mask ? legacyFunctionCall(message) : undefined;
    if (mask && legacy) {
      const fc = message.function_call as Record<string, unknown>;
      message.function_call = { ...fc, arguments: restoreArguments(legacy.function.arguments, mask) };
    }
    return { ...choice, message };
  });
  return { ...body, choices };
}
