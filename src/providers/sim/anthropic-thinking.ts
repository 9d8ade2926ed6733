/**
 * The rules Anthropic enforces on extended thinking, so a client (or Keel's adapter) that breaks
 * them fails against the sim as it would against the real API:
 * - `thinking.budget_tokens` is at least 1024 and below `max_tokens`; temperature is unset or 1,
 *   top_k unset, top_p at least 0.95, and tool_choice does not force a tool;
 * - every thinking block in the history carries the signature the sim gave it, unchanged;
 * - with thinking on, the assistant turn whose tool_use the last user turn answers starts with
 *   its thinking block.
 * Messages follow Anthropic's `path: message` form.
 */
import { KeelError } from '../../errors/index.ts';
import { verifyThinkingSignature } from './thinking.ts';

type Json = Record<string, unknown>;

export interface ThinkingCheckInput {
  max_tokens: number;
  messages: Array<{ role: string; content: string | Json[] }>;
  thinking?: unknown;
  temperature?: unknown;
  top_k?: unknown;
  top_p?: unknown;
  tool_choice?: { type: string } | undefined;
}

const MIN_BUDGET = 1024;

function invalid(param: string, message: string): KeelError {
  return new KeelError('invalid_request', param === '' ? message : `${param}: ${message}`, {
    param: param === '' ? undefined : param,
  });
}

function checkConfig(body: ThinkingCheckInput, thinking: Json): void {
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) {
    throw invalid('thinking.enabled.budget_tokens', 'Field required');
  }
  if (budget < MIN_BUDGET) {
    throw invalid('thinking.enabled.budget_tokens', `Input should be greater than or equal to ${MIN_BUDGET}`);
  }
  if (body.max_tokens <= budget)
    throw invalid('', '`max_tokens` must be greater than `thinking.budget_tokens`.');
  if (body.temperature !== undefined && body.temperature !== 1) {
    throw invalid('', '`temperature` may only be set to 1 when thinking is enabled.');
  }
  if (body.top_k !== undefined) throw invalid('', '`top_k` must be unset when thinking is enabled.');
  if (typeof body.top_p === 'number' && body.top_p < 0.95) {
    throw invalid('', '`top_p` must be greater than or equal to 0.95 when thinking is enabled.');
  }
  const forced = body.tool_choice?.type;
  if (forced === 'any' || forced === 'tool') {
    throw invalid('', 'Thinking may not be enabled when tool_choice forces tool use.');
  }
}

function checkSignatures(body: ThinkingCheckInput): void {
  body.messages.forEach((message, i) => {
    if (message.role !== 'assistant' || typeof message.content === 'string') return;
    message.content.forEach((block, j) => {
      if (block.type !== 'thinking') return;
      const param = `messages.${i}.content.${j}`;
      if (typeof block.thinking !== 'string') throw invalid(`${param}.thinking`, 'Field required');
      if (typeof block.signature !== 'string') throw invalid(`${param}.signature`, 'Field required');
      if (!verifyThinkingSignature(block.thinking, block.signature)) {
        throw invalid(param, 'Invalid `signature` in `thinking` block');
      }
    });
  });
}

/** The tool loop in progress: the last user turn answers tool_use from the assistant turn before it. */
function checkToolTurn(body: ThinkingCheckInput): void {
  const last = body.messages.length - 1;
  const user = body.messages[last];
  const assistant = body.messages[last - 1];
  if (user?.role !== 'user' || assistant?.role !== 'assistant') return;
  if (typeof user.content === 'string' || !user.content.some((b) => b.type === 'tool_result')) return;
  const blocks = typeof assistant.content === 'string' ? [{ type: 'text' }] : assistant.content;
  if (!blocks.some((b) => b.type === 'tool_use')) return;
  const first = String(blocks[0]?.type ?? 'nothing');
  if (first === 'thinking' || first === 'redacted_thinking') return;
  throw invalid(
    `messages.${last - 1}.content.0.type`,
    `Expected \`thinking\` or \`redacted_thinking\`, but found \`${first}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns.`,
  );
}

/** Throws an invalid_request KeelError (a 400 in the route's dialect) for what Anthropic rejects. */
export function checkAnthropicThinking(body: ThinkingCheckInput): void {
  checkSignatures(body);
  const thinking = body.thinking as Json | undefined;
  if (thinking === undefined || thinking === null || thinking.type !== 'enabled') return;
  checkConfig(body, thinking);
  checkToolTurn(body);
}
