import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { KeelError } from '../errors/index.ts';
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

/** Parses and validates YAML text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): KeelConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const pos = error.linePos?.[0];
        return {
          file,
          line: pos?.line ?? null,
          column: pos?.col ?? null,
          key: '',
          message: error.message.split('\n')[0] ?? 'YAML syntax error',
        };
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => locate(issue, { doc, lineCounter, file })));
  }
  checkReferences(result.data, file);
  return result.data;
}

function locate(
  issue: z.core.$ZodIssue,
  where: { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter; file: string },
): ConfigIssue {
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  // Walk up the path until a node with a source range exists (missing keys point at their parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = where.doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = where.lineCounter.linePos(node.range[0]);
      return {
        file: where.file,
        line: pos.line,
        column: pos.col,
        key: path.join('.'),
        message: issue.message,
      };
    }
  }
  return { file: where.file, line: null, column: null, key: path.join('.'), message: issue.message };
}

/** Cross-field rules zod cannot express locally: deployments name real providers, fallbacks name real models. */
function checkReferences(config: KeelConfig, file: string): void {
  const issues: ConfigIssue[] = [];
  for (const [name, model] of Object.entries(config.models)) {
    model.deployments.forEach((deployment, index) => {
      if (!(deployment.provider in config.providers)) {
        issues.push({
          file,
          line: null,
          column: null,
          key: `models.${name}.deployments.${index}.provider`,
          message: `unknown provider '${deployment.provider}'`,
        });
      }
    });
    model.fallbacks.forEach((fallback, index) => {
      if (!(fallback in config.models)) {
        issues.push({
          file,
          line: null,
          column: null,
          key: `models.${name}.fallbacks.${index}`,
          message: `unknown model '${fallback}'`,
        });
      } else if (fallback === name) {
        issues.push({
          file,
          line: null,
          column: null,
          key: `models.${name}.fallbacks.${index}`,
          message: 'a model cannot fall back to itself',
        });
      }
    });
  }
  issues.push(...judgeModelIssues(config, file));
  if (issues.length > 0) throw new ConfigError(issues);
}

const CHECKPOINT_KEYS = ['input', 'action', 'output', 'retrieval'] as const;

/** A judge step waits for a model call; a shorter checkpoint budget would make every verdict a timeout. */
const MIN_JUDGE_BUDGET_MS = 200;

/**
 * A guard `judge` step asks one of this Keel's models, within its policy's latency budget: a typo
 * or the 50 ms default would only show as failed or timed-out judgements at run time.
 */
function judgeModelIssues(config: KeelConfig, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const issue = (key: string, message: string) =>
    issues.push({ file, line: null, column: null, key, message });
  for (const [policy, steps] of Object.entries(config.guard.policies)) {
    let judged = false;
    for (const checkpoint of CHECKPOINT_KEYS) {
      steps[checkpoint].forEach((step, index) => {
        if (step.scanner !== 'judge') return;
        judged = true;
        const model = step.options.model;
        if (typeof model === 'string' && !(model in config.models))
          issue(`guard.policies.${policy}.${checkpoint}.${index}.options.model`, `unknown model '${model}'`);
      });
    }
    if (judged && steps.latencyBudgetMs < MIN_JUDGE_BUDGET_MS)
      issue(
        `guard.policies.${policy}.latencyBudgetMs`,
        `${steps.latencyBudgetMs} ms is too short for a judge step (a model call): set at least ${MIN_JUDGE_BUDGET_MS}`,
      );
  }
  return issues;
}

export function loadConfigFile(file: string): KeelConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read file';
    throw new ConfigError([{ file, line: null, column: null, key: '', message: reason }]);
  }
  return parseConfig(text, file);
}
