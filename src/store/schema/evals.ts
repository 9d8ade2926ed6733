import type { Migration } from '../migrations.ts';
import { postgres } from './evals-postgres.ts';

/**
 * Tables of the `evals` module. Ids 400–499 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 *
 * eval_datasets          one row per dataset (name is unique)
 * eval_dataset_versions  numbered versions; `locked` = 1 once an experiment used it (then immutable,
 *                        enforced by triggers as well as by the repository)
 * eval_items             a version's items in `seq` order; `item_id` is stable across versions
 * eval_experiments       one run of targets (prompt × model) over a dataset version; a lease
 *                        (holder, lease_until) marks the process running it, for safe resumption
 * eval_results           one row per (experiment, item, model): written as each item completes, so a
 *                        resumed run skips what is done and every item is recorded exactly once
 * eval_pairwise          pairwise judge verdicts between two experiments' outputs (DPO export)
 * eval_rubrics           named rubrics for human review and judge calibration
 * eval_review_tasks      review queue: an item to grade (copied content), its reviewer and verdict
 * eval_online_scores     scores of sampled production requests (online evaluation)
 * eval_online_samples    the sampled requests' content, kept only when `evals.keepSamples` is on
 * eval_schedule_locks    one row per schedule: next due time and a lease, so replicas never double-run
 * eval_schedule_runs     each scheduled run: mean score, model fingerprints, shift verdict
 * eval_alerts            alerts raised by the module (score distribution shifts)
 */

const sqliteItemsLock = (op: 'INSERT' | 'UPDATE' | 'DELETE') => {
  const row = op === 'INSERT' ? 'NEW' : 'OLD';
  return `CREATE TRIGGER eval_items_locked_${op.toLowerCase()} BEFORE ${op} ON eval_items
WHEN (SELECT locked FROM eval_dataset_versions WHERE dataset_id = ${row}.dataset_id AND version = ${row}.version) = 1
BEGIN
  SELECT RAISE(ABORT, 'dataset version is locked (used by an experiment)');
END;`;
};

const sqlite: Migration[] = [
  {
    id: '400_evals',
    sql: `
CREATE TABLE eval_datasets (
  id             TEXT    NOT NULL PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  description    TEXT    NOT NULL,
  latest_version INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE TABLE eval_dataset_versions (
  dataset_id TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  locked     INTEGER NOT NULL,
  message    TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, version)
);
CREATE TABLE eval_items (
  dataset_id TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  item_id    TEXT    NOT NULL,
  input      TEXT    NOT NULL,
  expected   TEXT,
  context    TEXT    NOT NULL,
  metadata   TEXT    NOT NULL,
  tags       TEXT    NOT NULL,
  provenance TEXT    NOT NULL,
  source     TEXT,
  assertions TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, version, seq),
  UNIQUE (dataset_id, version, item_id)
);
${sqliteItemsLock('INSERT')}
${sqliteItemsLock('UPDATE')}
${sqliteItemsLock('DELETE')}
CREATE TABLE eval_experiments (
  id              TEXT    NOT NULL PRIMARY KEY,
  name            TEXT    NOT NULL,
  dataset_id      TEXT    NOT NULL,
  dataset_version INTEGER NOT NULL,
  config          TEXT    NOT NULL,
  config_hash     TEXT    NOT NULL,
  targets         TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  source          TEXT    NOT NULL,
  total           INTEGER NOT NULL,
  lease_holder    TEXT,
  lease_until     INTEGER,
  cost_usd        REAL    NOT NULL,
  summary         TEXT,
  error           TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  finished_at     INTEGER
);
CREATE INDEX eval_experiments_name ON eval_experiments (name, created_at);
CREATE INDEX eval_experiments_hash ON eval_experiments (config_hash, status);
CREATE TABLE eval_results (
  experiment_id     TEXT    NOT NULL,
  item_id           TEXT    NOT NULL,
  model             TEXT    NOT NULL,
  seq               INTEGER NOT NULL,
  output            TEXT,
  error             TEXT,
  latency_ms        REAL    NOT NULL,
  prompt_tokens     INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd          REAL    NOT NULL,
  scores            TEXT    NOT NULL,
  score             REAL,
  pass              INTEGER,
  request_id        TEXT,
  served_model      TEXT,
  fingerprint       TEXT,
  created_at        INTEGER NOT NULL,
  PRIMARY KEY (experiment_id, item_id, model)
);
CREATE INDEX eval_results_seq ON eval_results (experiment_id, seq);
CREATE TABLE eval_pairwise (
  id           TEXT    NOT NULL PRIMARY KEY,
  experiment_a TEXT    NOT NULL,
  experiment_b TEXT    NOT NULL,
  item_id      TEXT    NOT NULL,
  target_a     TEXT    NOT NULL,
  target_b     TEXT    NOT NULL,
  winner       TEXT    NOT NULL,
  consistent   INTEGER NOT NULL,
  score        REAL    NOT NULL,
  reason       TEXT    NOT NULL,
  judge        TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  UNIQUE (experiment_a, experiment_b, item_id, target_a, target_b)
);
CREATE TABLE eval_rubrics (
  name        TEXT    NOT NULL PRIMARY KEY,
  description TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  scale       TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE eval_review_tasks (
  id            TEXT    NOT NULL PRIMARY KEY,
  rubric        TEXT    NOT NULL,
  assignee      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  source_kind   TEXT    NOT NULL,
  source_id     TEXT    NOT NULL,
  experiment_id TEXT,
  item_id       TEXT,
  model         TEXT,
  input         TEXT    NOT NULL,
  output        TEXT    NOT NULL,
  expected      TEXT,
  context       TEXT    NOT NULL,
  provenance    TEXT    NOT NULL,
  score         REAL,
  pass          INTEGER,
  critique      TEXT,
  reviewer      TEXT,
  created_at    INTEGER NOT NULL,
  submitted_at  INTEGER
);
CREATE INDEX eval_review_tasks_assignee ON eval_review_tasks (assignee, status, id);
CREATE INDEX eval_review_tasks_rubric ON eval_review_tasks (rubric, status, id);
CREATE TABLE eval_online_scores (
  id         TEXT    NOT NULL PRIMARY KEY,
  request_id TEXT    NOT NULL,
  rule       TEXT    NOT NULL,
  scorer     TEXT    NOT NULL,
  score      REAL    NOT NULL,
  pass       INTEGER NOT NULL,
  reason     TEXT    NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX eval_online_scores_rule ON eval_online_scores (rule, at);
CREATE INDEX eval_online_scores_request ON eval_online_scores (request_id);
CREATE TABLE eval_online_samples (
  request_id TEXT    NOT NULL PRIMARY KEY,
  rules      TEXT    NOT NULL,
  model      TEXT    NOT NULL,
  feature    TEXT,
  input      TEXT    NOT NULL,
  output     TEXT    NOT NULL,
  at         INTEGER NOT NULL
);
CREATE TABLE eval_schedule_locks (
  name        TEXT    NOT NULL PRIMARY KEY,
  holder      TEXT,
  expires_at  INTEGER NOT NULL,
  next_due    INTEGER NOT NULL
);
CREATE TABLE eval_schedule_runs (
  id            TEXT    NOT NULL PRIMARY KEY,
  schedule      TEXT    NOT NULL,
  experiment_id TEXT    NOT NULL,
  model         TEXT    NOT NULL,
  fingerprints  TEXT    NOT NULL,
  mean          REAL,
  n             INTEGER NOT NULL,
  shifted       INTEGER NOT NULL,
  details       TEXT    NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX eval_schedule_runs_schedule ON eval_schedule_runs (schedule, at);
CREATE TABLE eval_alerts (
  id      TEXT    NOT NULL PRIMARY KEY,
  kind    TEXT    NOT NULL,
  source  TEXT    NOT NULL,
  message TEXT    NOT NULL,
  details TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX eval_alerts_at ON eval_alerts (at);
`,
  },
];

export const evalsMigrations: { sqlite: Migration[]; postgres: Migration[] } = { sqlite, postgres };
