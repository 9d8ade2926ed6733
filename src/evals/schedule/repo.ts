import type { SqlExecutor, SqlRow } from '../../spec/index.ts';
import { uuidv7 } from '../../store/index.ts';
import { bit, json, num, numOrNull } from '../sql.ts';

/** SQL for eval_schedule_runs and eval_alerts. */

export interface ScheduleRun {
  id: string;
  schedule: string;
  experimentId: string;
  model: string;
  /** Distinct system_fingerprint / served model values seen in the run. */
  fingerprints: { systemFingerprints: string[]; servedModels: string[] };
  mean: number | null;
  n: number;
  shifted: boolean;
  details: Record<string, unknown>;
  at: number;
}

export interface Alert {
  id: string;
  kind: string;
  source: string;
  message: string;
  details: Record<string, unknown>;
  at: number;
}

function runOf(row: SqlRow): ScheduleRun {
  return {
    id: String(row.id),
    schedule: String(row.schedule),
    experimentId: String(row.experiment_id),
    model: String(row.model),
    fingerprints: json(row.fingerprints),
    mean: numOrNull(row.mean),
    n: num(row.n),
    shifted: num(row.shifted) === 1,
    details: json(row.details),
    at: num(row.at),
  };
}

export async function recordRun(sql: SqlExecutor, run: Omit<ScheduleRun, 'id'>): Promise<ScheduleRun> {
  const id = uuidv7();
  await sql.execute(
    `INSERT INTO eval_schedule_runs (id, schedule, experiment_id, model, fingerprints, mean, n, shifted, details, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      run.schedule,
      run.experimentId,
      run.model,
      JSON.stringify(run.fingerprints),
      run.mean,
      run.n,
      bit(run.shifted),
      JSON.stringify(run.details),
      run.at,
    ],
  );
  return { ...run, id };
}

/** Newest first. */
export async function listRuns(
  sql: SqlExecutor,
  o: { schedule?: string; limit?: number } = {},
): Promise<ScheduleRun[]> {
  const rows =
    o.schedule === undefined
      ? await sql.query('SELECT * FROM eval_schedule_runs ORDER BY at DESC, id DESC LIMIT ?', [o.limit ?? 50])
      : await sql.query(
          'SELECT * FROM eval_schedule_runs WHERE schedule = ? ORDER BY at DESC, id DESC LIMIT ?',
          [o.schedule, o.limit ?? 50],
        );
  return rows.map(runOf);
}

export async function recordAlert(sql: SqlExecutor, alert: Omit<Alert, 'id'>): Promise<Alert> {
  const id = uuidv7();
  await sql.execute(
    'INSERT INTO eval_alerts (id, kind, source, message, details, at) VALUES (?, ?, ?, ?, ?, ?)',
    [id, alert.kind, alert.source, alert.message, JSON.stringify(alert.details), alert.at],
  );
  return { ...alert, id };
}

export async function listAlerts(
  sql: SqlExecutor,
  o: { since?: number; limit?: number } = {},
): Promise<Alert[]> {
  const rows = await sql.query('SELECT * FROM eval_alerts WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?', [
    o.since ?? 0,
    o.limit ?? 100,
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    kind: String(r.kind),
    source: String(r.source),
    message: String(r.message),
    details: json(r.details),
    at: num(r.at),
  }));
}
