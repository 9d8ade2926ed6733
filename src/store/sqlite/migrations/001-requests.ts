import type { Migration } from '../../migrations.ts';

/** One row per gateway request. Times are epoch ms; tags and metadata are JSON text. */
export const requests: Migration = {
  id: '001_requests',
  sql: `
CREATE TABLE requests (
  id                TEXT    NOT NULL PRIMARY KEY,
  started_at        INTEGER NOT NULL,
  ended_at          INTEGER NOT NULL,
  endpoint          TEXT    NOT NULL,
  stream            INTEGER NOT NULL,
  model             TEXT    NOT NULL,
  deployment        TEXT,
  provider          TEXT,
  upstream_model    TEXT,
  attempts          INTEGER NOT NULL,
  status            INTEGER NOT NULL,
  error_code        TEXT,
  latency_ms        REAL    NOT NULL,
  upstream_ms       REAL,
  ttft_ms           REAL,
  overhead_ms       REAL    NOT NULL,
  prompt_tokens     INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cached_tokens     INTEGER NOT NULL,
  reasoning_tokens  INTEGER NOT NULL,
  tokens_estimated  INTEGER NOT NULL,
  cost_usd          REAL    NOT NULL,
  cache             TEXT    NOT NULL,
  tenant            TEXT    NOT NULL,
  user_id           TEXT,
  session_id        TEXT,
  feature           TEXT,
  tags              TEXT    NOT NULL,
  metadata          TEXT    NOT NULL
);
CREATE INDEX requests_started_at ON requests (started_at);
CREATE INDEX requests_model_started_at ON requests (model, started_at);
CREATE INDEX requests_user_started_at ON requests (user_id, started_at);
CREATE INDEX requests_tenant_started_at ON requests (tenant, started_at);
`,
};
