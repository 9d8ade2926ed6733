import type { Migration } from '../migrations.ts';

/**
 * Tables of the `traces` module. Ids 200–299 belong to this file (200–249: model and ingest,
 * 250–299: queries, alerts, feedback, retention); append, never edit a released migration. Each
 * backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER). Column meanings are
 * documented in docs/traces.md.
 *
 * Shared choices: every table leads with `tenant` and every query index is (tenant, …, start_us)
 * so a tenant's time-bounded query walks one index range. Times are epoch microseconds (BIGINT),
 * durations milliseconds (float). 0/1 flags are integers on both backends so AVG() gives a rate.
 * Large text (input/output) sits last so scans that don't read it never touch its overflow pages.
 */

const sqliteTables = `
CREATE TABLE traces (
  tenant          TEXT    NOT NULL,
  trace_id        TEXT    NOT NULL,
  start_us        INTEGER NOT NULL,
  end_us          INTEGER,
  duration_ms     REAL,
  name            TEXT,
  name_declared   INTEGER NOT NULL DEFAULT 0,
  user_id         TEXT,
  session_id      TEXT,
  team_id         TEXT,
  feature         TEXT,
  status          TEXT    NOT NULL DEFAULT 'unset',
  span_count      INTEGER NOT NULL DEFAULT 0,
  error_count     INTEGER NOT NULL DEFAULT 0,
  model           TEXT,
  provider        TEXT,
  deployment      TEXT,
  prompt_name     TEXT,
  prompt_version  TEXT,
  input_tokens    INTEGER NOT NULL DEFAULT 0,
  output_tokens   INTEGER NOT NULL DEFAULT 0,
  total_tokens    INTEGER NOT NULL DEFAULT 0,
  cost_usd        REAL    NOT NULL DEFAULT 0,
  ttft_ms         REAL,
  layers          INTEGER NOT NULL DEFAULT 0,
  cache_hit       INTEGER,
  guard_triggered INTEGER,
  source          TEXT    NOT NULL,
  created_us      INTEGER NOT NULL,
  updated_us      INTEGER NOT NULL,
  models          TEXT    NOT NULL DEFAULT '[]',
  tags            TEXT    NOT NULL DEFAULT '[]',
  metadata        TEXT    NOT NULL DEFAULT '{}',
  input           TEXT,
  output          TEXT,
  PRIMARY KEY (tenant, trace_id)
);
CREATE INDEX traces_tenant_start ON traces (tenant, start_us);
CREATE INDEX traces_tenant_model_start ON traces (tenant, model, start_us);
CREATE INDEX traces_tenant_user_start ON traces (tenant, user_id, start_us);
CREATE INDEX traces_tenant_session_start ON traces (tenant, session_id, start_us);
CREATE INDEX traces_tenant_prompt_start ON traces (tenant, prompt_name, prompt_version, start_us);

CREATE TABLE trace_spans (
  tenant          TEXT    NOT NULL,
  trace_id        TEXT    NOT NULL,
  span_id         TEXT    NOT NULL,
  parent_id       TEXT,
  start_us        INTEGER NOT NULL,
  end_us          INTEGER,
  duration_ms     REAL,
  name            TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  layer           TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  status_message  TEXT,
  model           TEXT,
  provider        TEXT,
  deployment      TEXT,
  prompt_name     TEXT,
  prompt_version  TEXT,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  total_tokens    INTEGER,
  cost_usd        REAL,
  ttft_ms         REAL,
  completion_start_us INTEGER,
  cache_hit       INTEGER,
  verdict         TEXT,
  user_id         TEXT,
  session_id      TEXT,
  source          TEXT    NOT NULL,
  partial         INTEGER NOT NULL DEFAULT 0,
  ingested_us     INTEGER NOT NULL,
  metadata        TEXT    NOT NULL DEFAULT '{}',
  input           TEXT,
  output          TEXT,
  PRIMARY KEY (tenant, trace_id, span_id)
);
CREATE INDEX trace_spans_tenant_start ON trace_spans (tenant, start_us);

CREATE TABLE trace_tags (
  tenant   TEXT NOT NULL,
  tag      TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  PRIMARY KEY (tenant, tag, trace_id)
) WITHOUT ROWID;

CREATE TABLE trace_scores (
  tenant       TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  trace_id     TEXT    NOT NULL,
  span_id      TEXT,
  name         TEXT    NOT NULL,
  value        REAL,
  string_value TEXT,
  data_type    TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  comment      TEXT,
  author_id    TEXT,
  time_us      INTEGER NOT NULL,
  metadata     TEXT    NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant, id)
);
CREATE INDEX trace_scores_tenant_trace ON trace_scores (tenant, trace_id);
CREATE INDEX trace_scores_tenant_name_time ON trace_scores (tenant, name, time_us);
`;

const postgresTables = `
CREATE TABLE traces (
  tenant          TEXT             NOT NULL,
  trace_id        TEXT             NOT NULL,
  start_us        BIGINT           NOT NULL,
  end_us          BIGINT,
  duration_ms     DOUBLE PRECISION,
  name            TEXT,
  name_declared   SMALLINT         NOT NULL DEFAULT 0,
  user_id         TEXT,
  session_id      TEXT,
  team_id         TEXT,
  feature         TEXT,
  status          TEXT             NOT NULL DEFAULT 'unset',
  span_count      INTEGER          NOT NULL DEFAULT 0,
  error_count     INTEGER          NOT NULL DEFAULT 0,
  model           TEXT,
  provider        TEXT,
  deployment      TEXT,
  prompt_name     TEXT,
  prompt_version  TEXT,
  input_tokens    BIGINT           NOT NULL DEFAULT 0,
  output_tokens   BIGINT           NOT NULL DEFAULT 0,
  total_tokens    BIGINT           NOT NULL DEFAULT 0,
  cost_usd        DOUBLE PRECISION NOT NULL DEFAULT 0,
  ttft_ms         DOUBLE PRECISION,
  layers          INTEGER          NOT NULL DEFAULT 0,
  cache_hit       SMALLINT,
  guard_triggered SMALLINT,
  source          TEXT             NOT NULL,
  created_us      BIGINT           NOT NULL,
  updated_us      BIGINT           NOT NULL,
  models          JSONB            NOT NULL DEFAULT '[]',
  tags            JSONB            NOT NULL DEFAULT '[]',
  metadata        JSONB            NOT NULL DEFAULT '{}',
  input           TEXT,
  output          TEXT,
  PRIMARY KEY (tenant, trace_id)
);
CREATE INDEX traces_tenant_start ON traces (tenant, start_us);
CREATE INDEX traces_tenant_model_start ON traces (tenant, model, start_us);
CREATE INDEX traces_tenant_user_start ON traces (tenant, user_id, start_us);
CREATE INDEX traces_tenant_session_start ON traces (tenant, session_id, start_us);
CREATE INDEX traces_tenant_prompt_start ON traces (tenant, prompt_name, prompt_version, start_us);

CREATE TABLE trace_spans (
  tenant          TEXT             NOT NULL,
  trace_id        TEXT             NOT NULL,
  span_id         TEXT             NOT NULL,
  parent_id       TEXT,
  start_us        BIGINT           NOT NULL,
  end_us          BIGINT,
  duration_ms     DOUBLE PRECISION,
  name            TEXT             NOT NULL,
  kind            TEXT             NOT NULL,
  layer           TEXT             NOT NULL,
  status          TEXT             NOT NULL,
  status_message  TEXT,
  model           TEXT,
  provider        TEXT,
  deployment      TEXT,
  prompt_name     TEXT,
  prompt_version  TEXT,
  input_tokens    BIGINT,
  output_tokens   BIGINT,
  total_tokens    BIGINT,
  cost_usd        DOUBLE PRECISION,
  ttft_ms         DOUBLE PRECISION,
  completion_start_us BIGINT,
  cache_hit       SMALLINT,
  verdict         TEXT,
  user_id         TEXT,
  session_id      TEXT,
  source          TEXT             NOT NULL,
  partial         SMALLINT         NOT NULL DEFAULT 0,
  ingested_us     BIGINT           NOT NULL,
  metadata        JSONB            NOT NULL DEFAULT '{}',
  input           TEXT,
  output          TEXT,
  PRIMARY KEY (tenant, trace_id, span_id)
);
CREATE INDEX trace_spans_tenant_start ON trace_spans (tenant, start_us);

CREATE TABLE trace_tags (
  tenant   TEXT NOT NULL,
  tag      TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  PRIMARY KEY (tenant, tag, trace_id)
);

CREATE TABLE trace_scores (
  tenant       TEXT             NOT NULL,
  id           TEXT             NOT NULL,
  trace_id     TEXT             NOT NULL,
  span_id      TEXT,
  name         TEXT             NOT NULL,
  value        DOUBLE PRECISION,
  string_value TEXT,
  data_type    TEXT             NOT NULL,
  source       TEXT             NOT NULL,
  comment      TEXT,
  author_id    TEXT,
  time_us      BIGINT           NOT NULL,
  metadata     JSONB            NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant, id)
);
CREATE INDEX trace_scores_tenant_trace ON trace_scores (tenant, trace_id);
CREATE INDEX trace_scores_tenant_name_time ON trace_scores (tenant, name, time_us);
`;

// --- 250–299: queries, alerts, feedback, retention/erasure, export (src/traces/{query,alerts,…}) ---
// Extra indexes: scores by time (aggregates, retention), tags and user-bearing spans/scores by key
// (retention and erasure delete by trace id / user id without scanning a tenant's rows).
// Alert/job tables use epoch milliseconds (`*_ms`), like the rest of the control plane; the same SQL
// runs on both backends (alert rules are small JSON kept as TEXT).

const queryTables = `
CREATE INDEX trace_scores_tenant_time ON trace_scores (tenant, time_us);
CREATE INDEX trace_scores_tenant_author ON trace_scores (tenant, author_id) WHERE author_id IS NOT NULL;
CREATE INDEX trace_tags_tenant_trace ON trace_tags (tenant, trace_id);
CREATE INDEX trace_spans_tenant_user ON trace_spans (tenant, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE trace_alert_rules (
  name       TEXT   NOT NULL PRIMARY KEY,
  rule       TEXT   NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);
CREATE TABLE trace_alert_state (
  rule          TEXT   NOT NULL,
  group_key     TEXT   NOT NULL,
  state         TEXT   NOT NULL,
  value         DOUBLE PRECISION,
  pending_ms    BIGINT,
  firing_ms     BIGINT,
  notified_ms   BIGINT,
  notified      SMALLINT NOT NULL DEFAULT 0,
  updated_ms    BIGINT NOT NULL,
  PRIMARY KEY (rule, group_key)
);
CREATE TABLE trace_alert_events (
  id        TEXT   NOT NULL PRIMARY KEY,
  rule      TEXT   NOT NULL,
  group_by  TEXT,
  group_key TEXT   NOT NULL,
  kind      TEXT   NOT NULL,
  value     DOUBLE PRECISION,
  threshold DOUBLE PRECISION,
  message   TEXT   NOT NULL,
  scope     TEXT   NOT NULL,
  delivered SMALLINT NOT NULL DEFAULT 0,
  error     TEXT,
  at_ms     BIGINT NOT NULL
);
CREATE INDEX trace_alert_events_at ON trace_alert_events (at_ms);
CREATE INDEX trace_alert_events_rule_at ON trace_alert_events (rule, at_ms);
CREATE TABLE trace_job_locks (
  name       TEXT   NOT NULL PRIMARY KEY,
  holder     TEXT   NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE TABLE trace_settings (
  name  TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export const tracesMigrations: { sqlite: Migration[]; postgres: Migration[] } = {
  sqlite: [
    { id: '200_traces', sql: sqliteTables },
    { id: '250_traces_query', sql: queryTables },
  ],
  postgres: [
    { id: '200_traces', sql: postgresTables },
    { id: '250_traces_query', sql: queryTables },
  ],
};
