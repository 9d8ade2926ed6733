import type { ChatMessage, SqlExecutor, SqlValue } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import type { ContentSource, RatingSource, RequestContent } from '../datasets/index.ts';
import { bit, json, num, placeholders } from '../sql.ts';

/** SQL for eval_online_scores and eval_online_samples. */

export interface OnlineScore {
  requestId: string;
  rule: string;
  scorer: string;
  score: number;
  pass: boolean;
  reason: string;
  at: number;
}

export async function writeOnlineScores(sql: SqlExecutor, scores: readonly OnlineScore[]): Promise<void> {
  if (scores.length === 0) return;
  const params: SqlValue[] = [];
  for (const s of scores)
    params.push(uuidv7(), s.requestId, s.rule, s.scorer, s.score, bit(s.pass), s.reason.slice(0, 2000), s.at);
  const rows = scores.map(() => `(${placeholders(8)})`).join(', ');
  await sql.execute(
    `INSERT INTO eval_online_scores (id, request_id, rule, scorer, score, pass, reason, at) VALUES ${rows}`,
    params,
  );
}

export async function writeSample(
  sql: SqlExecutor,
  s: {
    requestId: string;
    rules: string[];
    model: string;
    feature: string | null;
    messages: ChatMessage[];
    output: string;
    at: number;
  },
): Promise<void> {
  await sql.execute(
    `INSERT INTO eval_online_samples (request_id, rules, model, feature, input, output, at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (request_id) DO NOTHING`,
    [s.requestId, JSON.stringify(s.rules), s.model, s.feature, JSON.stringify(s.messages), s.output, s.at],
  );
}

export interface ScoreAverage {
  rule: string;
  scorer: string;
  n: number;
  mean: number;
  passRate: number;
}

/**
 * Mean online score and pass rate per rule and scorer since a time: what alerting reads ("the
 * faithfulness of support answers dropped below 0.8 in the last hour").
 */
export async function onlineScoreAverages(
  sql: SqlExecutor,
  o: { since: number; until?: number; rule?: string },
): Promise<ScoreAverage[]> {
  const where = ['at >= ?'];
  const params: SqlValue[] = [o.since];
  if (o.until !== undefined) {
    where.push('at < ?');
    params.push(o.until);
  }
  if (o.rule !== undefined) {
    where.push('rule = ?');
    params.push(o.rule);
  }
  const rows = await sql.query(
    `SELECT rule, scorer, COUNT(*) AS n, AVG(score) AS mean, AVG(pass) AS pass_rate FROM eval_online_scores
     WHERE ${where.join(' AND ')} GROUP BY rule, scorer ORDER BY rule, scorer`,
    params,
  );
  return rows.map((r) => ({
    rule: String(r.rule),
    scorer: String(r.scorer),
    n: num(r.n),
    mean: num(r.mean),
    passRate: num(r.pass_rate),
  }));
}

export async function onlineScoresFor(sql: SqlExecutor, requestId: string): Promise<OnlineScore[]> {
  const rows = await sql.query(
    'SELECT * FROM eval_online_scores WHERE request_id = ? ORDER BY rule, scorer',
    [requestId],
  );
  return rows.map((r) => ({
    requestId: String(r.request_id),
    rule: String(r.rule),
    scorer: String(r.scorer),
    score: num(r.score),
    pass: num(r.pass) === 1,
    reason: String(r.reason),
    at: num(r.at),
  }));
}

/** Request content from the kept samples (only with `evals.keepSamples`). */
export function samplesContentSource(sql: SqlExecutor): ContentSource {
  return {
    async content(ids) {
      const out = new Map<string, RequestContent>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await sql.query(
          `SELECT request_id, input, output FROM eval_online_samples WHERE request_id IN (${placeholders(chunk.length)})`,
          chunk,
        );
        for (const r of rows)
          out.set(String(r.request_id), { messages: json<ChatMessage[]>(r.input), output: String(r.output) });
      }
      return out;
    },
  };
}

/** A request's rating = its mean online score (optionally for one rule). */
export function onlineRatings(sql: SqlExecutor, rule?: string): RatingSource {
  return {
    async ratings(ids) {
      const out = new Map<string, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const ruleClause = rule === undefined ? '' : ' AND rule = ?';
        const rows = await sql.query(
          `SELECT request_id, AVG(score) AS mean FROM eval_online_scores WHERE request_id IN (${placeholders(chunk.length)})${ruleClause} GROUP BY request_id`,
          rule === undefined ? chunk : [...chunk, rule],
        );
        for (const r of rows) out.set(String(r.request_id), num(r.mean));
      }
      return out;
    },
  };
}
