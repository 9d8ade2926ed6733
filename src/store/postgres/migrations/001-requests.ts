import type { Migration } from '../../migrations.ts';

/**
 * One row per gateway request. Times are epoch ms (BIGINT) so both backends compare the same
 * numbers; durations and cost are double precision so JS numbers round-trip exactly.
 */
export const requests: Migration = {
  id: '001_requests',
  sql: `
CREATE TABLE requests (
  id                UUID             NOT NULL PRIMARY KEY,
  started_at        BIGINT           NOT NULL,
  ended_at          BIGINT           NOT NULL,
  endpoint          TEXT             NOT NULL,
  stream            BOOLEAN          NOT NULL,
  model             TEXT             NOT NULL,
  deployment        TEXT,
  provider          TEXT,
  upstream_model    TEXT,
  attempts          INTEGER          NOT NULL,
  status            INTEGER          NOT NULL,
  error_code        TEXT,
  latency_ms        DOUBLE PRECISION NOT NULL,
  upstream_ms       DOUBLE PRECISION,
  ttft_ms           DOUBLE PRECISION,
  overhead_ms       DOUBLE PRECISION NOT NULL,
  prompt_tokens     INTEGER          NOT NULL,
  completion_tokens INTEGER          NOT NULL,
  cached_tokens     INTEGER          NOT NULL,
  reasoning_tokens  INTEGER          NOT NULL,
  tokens_estimated  BOOLEAN          NOT NULL,
  cost_usd          DOUBLE PRECISION NOT NULL,
  cache             TEXT             NOT NULL,
  tenant            TEXT             NOT NULL,
  user_id           TEXT,
  session_id        TEXT,
  feature           TEXT,
  tags              JSONB            NOT NULL,
  metadata          JSONB            NOT NULL
);
CREATE INDEX requests_started_at ON requests (started_at);
CREATE INDEX requests_model_started_at ON requests (model, started_at);
CREATE INDEX requests_user_started_at ON requests (user_id, started_at);
CREATE INDEX requests_tenant_started_at ON requests (tenant, started_at);
`,
};
