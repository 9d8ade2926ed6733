import type { ChatCompletion, ChatRequest, Role, ToolCall, ToolDefinition } from './chat.ts';

/**
 * Calls a chat model through this Keel on the screened request's behalf: the caller's key, budget
 * and attribution apply, and the call itself is not screened again. Given to scanners at the
 * gateway's checkpoints and at `/v1/guard/scan`; absent elsewhere (a library caller may pass one).
 */
export type ModelCaller = ((request: ChatRequest, signal?: AbortSignal) => Promise<ChatCompletion>) & {
  /**
   * Whose calls these are (a digest of the caller's credential): a scanner that remembers answers
   * shares them only within one scope, so one tenant never gets, or learns of, another's verdicts.
   */
  readonly scope?: string;
};

/** Where in a request's life a scanner runs. */
export type Checkpoint = 'input' | 'action' | 'output' | 'retrieval';

export type Verdict = 'pass' | 'flag' | 'block';

export interface Span {
  start: number;
  end: number;
  /** Entity or finding type, e.g. EMAIL_ADDRESS, CREDIT_CARD, aws-access-token, injection-phrase. */
  type: string;
  score?: number;
}

export interface ScanContext {
  checkpoint: Checkpoint;
  /** The system prompt, for leakage checks at the output checkpoint. */
  systemPrompt?: string;
  /** The user's latest message, for action consistency checks. */
  userRequest?: string;
  /** Tools the request declared, for validating proposed tool calls against their parameters. */
  tools?: readonly ToolDefinition[];
  /** JSON schema the answer must satisfy (from `response_format.json_schema.schema`), for the output checkpoint. */
  responseSchema?: Record<string, unknown>;
  signal?: AbortSignal;
  /** For scanners that ask a model (the `judge` scanner); see ModelCaller. */
  model?: ModelCaller;
  /**
   * The chat role of the message a text came from, where there is one (the input checkpoint of
   * chat requests, `/v1/guard/scan` with messages). A scanner may treat the operator's own system
   * and developer messages differently from what users and tools send.
   */
  role?: Role;
}

export interface ScanResult {
  verdict: Verdict;
  /** 0..1 confidence that the content is bad. */
  score: number;
  spans?: Span[];
  /** Content with findings replaced, when the scanner can redact. */
  redacted?: string;
  /** Short, secret-free reason for records and errors. */
  reason?: string;
}

/** What a scanner screens: plain text, or a tool call the model proposed. */
export type ScanInput = { kind: 'text'; text: string } | { kind: 'tool_call'; call: ToolCall };

export interface Scanner {
  readonly specVersion: 'v1';
  readonly id: string;
  readonly checkpoints: readonly Checkpoint[];
  scan(input: ScanInput, ctx: ScanContext): ScanResult | Promise<ScanResult>;
}
