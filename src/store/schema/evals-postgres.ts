import type { Migration } from '../migrations.ts';

/** Postgres SQL of the evals migrations (see evals.ts); split out to keep each file readable. */
export const postgres: Migration[] = [
  {
    id: '400_evals',
    sql: `
CREATE TABLE eval_datasets (
  id             TEXT    NOT NULL PRIMARY KEY,
  name           TEXT    NOT NULL UNIQUE,
  description    TEXT    NOT NULL,
  latest_version INTEGER NOT NULL,
  created_at     BIGINT  NOT NULL,
  updated_at     BIGINT  NOT NULL
);
CREATE TABLE eval_dataset_versions (
  dataset_id TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  locked     INTEGER NOT NULL,
  message    TEXT    NOT NULL,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (dataset_id, version)
);
CREATE TABLE eval_items (
  dataset_id TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  item_id    TEXT    NOT NULL,
  input      JSONB   NOT NULL,
  expected   TEXT,
  context    JSONB   NOT NULL,
  metadata   JSONB   NOT NULL,
  tags       JSONB   NOT NULL,
  provenance TEXT    NOT NULL,
  source     TEXT,
  assertions JSONB,
  created_at BIGINT  NOT NULL,
  PRIMARY KEY (dataset_id, version, seq),
  UNIQUE (dataset_id, version, item_id)
);
CREATE FUNCTION eval_items_locked() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r RECORD;
BEGIN
  IF TG_OP = 'INSERT' THEN r := NEW; ELSE r := OLD; END IF;
  IF (SELECT locked FROM eval_dataset_versions WHERE dataset_id = r.dataset_id AND version = r.version) = 1 THEN
    RAISE EXCEPTION 'dataset version is locked (used by an experiment)';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER eval_items_locked BEFORE INSERT OR UPDATE OR DELETE ON eval_items
  FOR EACH ROW EXECUTE FUNCTION eval_items_locked();
CREATE TABLE eval_experiments (
  id              TEXT             NOT NULL PRIMARY KEY,
  name            TEXT             NOT NULL,
  dataset_id      TEXT             NOT NULL,
  dataset_version INTEGER          NOT NULL,
  config          JSONB            NOT NULL,
  config_hash     TEXT             NOT NULL,
  targets         JSONB            NOT NULL,
  status          TEXT             NOT NULL,
  source          TEXT             NOT NULL,
  total           INTEGER          NOT NULL,
  lease_holder    TEXT,
  lease_until     BIGINT,
  cost_usd        DOUBLE PRECISION NOT NULL,
  summary         JSONB,
  error           TEXT,
  created_at      BIGINT           NOT NULL,
  updated_at      BIGINT           NOT NULL,
  finished_at     BIGINT
);
CREATE INDEX eval_experiments_name ON eval_experiments (name, created_at);
CREATE INDEX eval_experiments_hash ON eval_experiments (config_hash, status);
CREATE TABLE eval_results (
  experiment_id     TEXT             NOT NULL,
  item_id           TEXT             NOT NULL,
  model             TEXT             NOT NULL,
  seq               INTEGER          NOT NULL,
  output            TEXT,
  error             TEXT,
  latency_ms        DOUBLE PRECISION NOT NULL,
  prompt_tokens     INTEGER          NOT NULL,
  completion_tokens INTEGER          NOT NULL,
  cost_usd          DOUBLE PRECISION NOT NULL,
  scores            JSONB            NOT NULL,
  score             DOUBLE PRECISION,
  pass              INTEGER,
  request_id        TEXT,
  served_model      TEXT,
  fingerprint       TEXT,
  created_at        BIGINT           NOT NULL,
  PRIMARY KEY (experiment_id, item_id, model)
);
CREATE INDEX eval_results_seq ON eval_results (experiment_id, seq);
CREATE TABLE eval_pairwise (
  id           TEXT             NOT NULL PRIMARY KEY,
  experiment_a TEXT             NOT NULL,
  experiment_b TEXT             NOT NULL,
  item_id      TEXT             NOT NULL,
  target_a     TEXT             NOT NULL,
  target_b     TEXT             NOT NULL,
  winner       TEXT             NOT NULL,
  consistent   INTEGER          NOT NULL,
  score        DOUBLE PRECISION NOT NULL,
  reason       TEXT             NOT NULL,
  judge        TEXT             NOT NULL,
  created_at   BIGINT           NOT NULL,
  UNIQUE (experiment_a, experiment_b, item_id, target_a, target_b)
);
CREATE TABLE eval_rubrics (
  name        TEXT   NOT NULL PRIMARY KEY,
  description TEXT   NOT NULL,
  text        TEXT   NOT NULL,
  scale       JSONB  NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE TABLE eval_review_tasks (
  id            TEXT             NOT NULL PRIMARY KEY,
  rubric        TEXT             NOT NULL,
  assignee      TEXT             NOT NULL,
  status        TEXT             NOT NULL,
  source_kind   TEXT             NOT NULL,
  source_id     TEXT             NOT NULL,
  experiment_id TEXT,
  item_id       TEXT,
  model         TEXT,
  input         JSONB            NOT NULL,
  output        TEXT             NOT NULL,
  expected      TEXT,
  context       JSONB            NOT NULL,
  provenance    TEXT             NOT NULL,
  score         DOUBLE PRECISION,
  pass          INTEGER,
  critique      TEXT,
  reviewer      TEXT,
  created_at    BIGINT           NOT NULL,
  submitted_at  BIGINT
);
CREATE INDEX eval_review_tasks_assignee ON eval_review_tasks (assignee, status, id);
CREATE INDEX eval_review_tasks_rubric ON eval_review_tasks (rubric, status, id);
CREATE TABLE eval_online_scores (
  id         TEXT             NOT NULL PRIMARY KEY,
  request_id TEXT             NOT NULL,
  rule       TEXT             NOT NULL,
  scorer     TEXT             NOT NULL,
  score      DOUBLE PRECISION NOT NULL,
  pass       INTEGER          NOT NULL,
  reason     TEXT             NOT NULL,
  at         BIGINT           NOT NULL
);
CREATE INDEX eval_online_scores_rule ON eval_online_scores (rule, at);
CREATE INDEX eval_online_scores_request ON eval_online_scores (request_id);
CREATE TABLE eval_online_samples (
  request_id TEXT   NOT NULL PRIMARY KEY,
  rules      JSONB  NOT NULL,
  model      TEXT   NOT NULL,
  feature    TEXT,
  input      JSONB  NOT NULL,
  output     TEXT   NOT NULL,
  at         BIGINT NOT NULL
);
CREATE TABLE eval_schedule_locks (
  name       TEXT   NOT NULL PRIMARY KEY,
  holder     TEXT,
  expires_at BIGINT NOT NULL,
  next_due   BIGINT NOT NULL
);
CREATE TABLE eval_schedule_runs (
  id            TEXT             NOT NULL PRIMARY KEY,
  schedule      TEXT             NOT NULL,
  experiment_id TEXT             NOT NULL,
  model         TEXT             NOT NULL,
  fingerprints  JSONB            NOT NULL,
  mean          DOUBLE PRECISION,
  n             INTEGER          NOT NULL,
  shifted       INTEGER          NOT NULL,
  details       JSONB            NOT NULL,
  at            BIGINT           NOT NULL
);
CREATE INDEX eval_schedule_runs_schedule ON eval_schedule_runs (schedule, at);
CREATE TABLE eval_alerts (
  id      TEXT   NOT NULL PRIMARY KEY,
  kind    TEXT   NOT NULL,
  source  TEXT   NOT NULL,
  message TEXT   NOT NULL,
  details JSONB  NOT NULL,
  at      BIGINT NOT NULL
);
CREATE INDEX eval_alerts_at ON eval_alerts (at);
`,
  },
];
