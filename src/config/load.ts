import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { KeelError } from '../errors/index.ts';
import { protoKeyPaths } from '../util/index.ts';
import { configSchema, type KeelConfig } from './schema.ts';

/** One config problem, located in the file so an operator can fix it without guessing. */
export interface ConfigIssue {
  file: string;
  line: number | null;
  column: number | null;
  /** Dotted key path, e.g. `models.demo.deployments.0.weight`. */
  key: string;
  message: string;
}

export class ConfigError extends KeelError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super('config_invalid', issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${issue.key || '(root)'}: ${issue.message}`;
}

/** JavaScript objects cannot hold this key as a plain member. */
const PROTO_KEY_MESSAGE = "'__proto__' cannot be used as a name: choose another";

type Located = { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter; file: string };

/** Parses and validates YAML text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): KeelConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        // Without prettyErrors the yaml library sets no linePos: locate the offset ourselves.
        const pos = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          key: '',
          message: error.message.split('\n')[0] ?? 'YAML syntax error',
        };
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // Anchors and aliases that expand exponentially ("billion laughs") are refused, as a config error.
    const message = `YAML aliases expand too much (${(error as Error).message})`;
    throw new ConfigError([{ file, line: null, column: null, key: '', message }]);
  }
  const where = { doc, lineCounter, file };
  // zod's records would drop a `__proto__` key without a word (a model or provider gone missing).
  const reserved = protoKeyPaths(raw);
  if (reserved.length > 0) {
    throw new ConfigError(reserved.map((path) => locate(path, PROTO_KEY_MESSAGE, where)));
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) =>
        locate(
          issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
          issue.message,
          where,
        ),
      ),
    );
  }
  checkReferences(result.data, where);
  return result.data;
}

/** An issue at a key path, with the line of the nearest node that exists (missing keys point at their parent). */
function locate(path: Array<string | number>, message: string, where: Located): ConfigIssue {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = where.doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = where.lineCounter.linePos(node.range[0]);
      return { file: where.file, line: pos.line, column: pos.col, key: path.join('.'), message };
    }
  }
  return { file: where.file, line: null, column: null, key: path.join('.'), message };
}

/** Cross-field rules zod cannot express locally: deployments name real providers, fallbacks name real models. */
function checkReferences(config: KeelConfig, where: Located): void {
  const issues: ConfigIssue[] = [];
  for (const [name, model] of Object.entries(config.models)) {
    model.deployments.forEach((deployment, index) => {
      if (!(deployment.provider in config.providers)) {
        issues.push(
          locate(
            ['models', name, 'deployments', index, 'provider'],
            `unknown provider '${deployment.provider}'`,
            where,
          ),
        );
      }
    });
    model.fallbacks.forEach((fallback, index) => {
      if (!(fallback in config.models)) {
        issues.push(locate(['models', name, 'fallbacks', index], `unknown model '${fallback}'`, where));
      } else if (fallback === name) {
        issues.push(
          locate(['models', name, 'fallbacks', index], 'a model cannot fall back to itself', where),
        );
      }
    });
  }
  issues.push(...judgeModelIssues(config, where));
  if (issues.length > 0) throw new ConfigError(issues);
}

const CHECKPOINT_KEYS = ['input', 'action', 'output', 'retrieval'] as const;

/** A judge step waits for a model call; a shorter checkpoint budget would make every verdict a timeout. */
const MIN_JUDGE_BUDGET_MS = 200;

/**
 * A guard `judge` step asks one of this Keel's models, within its policy's latency budget: a typo
 * or the 50 ms default would only show as failed or timed-out judgements at run time.
 */
function judgeModelIssues(config: KeelConfig, where: Located): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const issue = (path: Array<string | number>, message: string) => issues.push(locate(path, message, where));
  for (const [policy, steps] of Object.entries(config.guard.policies)) {
    let judged = false;
    for (const checkpoint of CHECKPOINT_KEYS) {
      steps[checkpoint].forEach((step, index) => {
        if (step.scanner !== 'judge') return;
        judged = true;
        const model = step.options.model;
        if (typeof model === 'string' && !(model in config.models))
          issue(
            ['guard', 'policies', policy, checkpoint, index, 'options', 'model'],
            `unknown model '${model}'`,
          );
      });
    }
    if (judged && steps.latencyBudgetMs < MIN_JUDGE_BUDGET_MS)
      issue(
        ['guard', 'policies', policy, 'latencyBudgetMs'],
        `${steps.latencyBudgetMs} ms is too short for a judge step (a model call): set at least ${MIN_JUDGE_BUDGET_MS}`,
      );
  }
  return issues;
}

export function loadConfigFile(file: string): KeelConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot read file (${code})`;
    throw new ConfigError([{ file, line: null, column: null, key: '', message: reason }]);
  }
  return parseConfig(decodeUtf8(bytes, file), file);
}

/** The file as UTF-8 text; invalid bytes are an error on their line, not silently U+FFFD in a name or key. */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const message = 'not valid UTF-8 (save the file as UTF-8)';
    throw new ConfigError([{ file, line: firstBadLine(bytes), column: null, key: '', message }]);
  }
}

/** A newline byte never occurs inside a multi-byte sequence, so lines can be checked one by one. */
function firstBadLine(bytes: Buffer): number | null {
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (let start = 0, line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    try {
      strict.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end === -1) break;
    start = end + 1;
  }
  return null;
}
