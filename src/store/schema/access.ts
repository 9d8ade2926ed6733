import type { Migration } from '../migrations.ts';

/**
 * Tables of the `access` module. Ids 100–199 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 */
// --- 100–139: principals, admin users and tokens, policies (src/access/principals, admin) ---
// Portable SQL: SQLite maps BIGINT to INTEGER and DOUBLE PRECISION to REAL affinity, so one text
// serves both backends. JSON lists are TEXT on both (they are only read whole, never queried into).

const principals: Migration = {
  id: '100_access_principals',
  sql: `
CREATE TABLE access_orgs (
  id         TEXT   NOT NULL PRIMARY KEY,
  name       TEXT   NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE access_teams (
  id         TEXT   NOT NULL PRIMARY KEY,
  org_id     TEXT   NOT NULL REFERENCES access_orgs (id),
  name       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, name)
);
CREATE TABLE access_projects (
  id         TEXT   NOT NULL PRIMARY KEY,
  org_id     TEXT   NOT NULL REFERENCES access_orgs (id),
  team_id    TEXT   NOT NULL REFERENCES access_teams (id),
  name       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (team_id, name)
);
CREATE TABLE access_keys (
  id         TEXT   NOT NULL PRIMARY KEY,
  org_id     TEXT   NOT NULL REFERENCES access_orgs (id),
  team_id    TEXT   NOT NULL REFERENCES access_teams (id),
  project_id TEXT   NOT NULL REFERENCES access_projects (id),
  name       TEXT   NOT NULL,
  prefix     TEXT   NOT NULL,
  hash       TEXT   NOT NULL UNIQUE,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX access_keys_team ON access_keys (team_id);
CREATE INDEX access_keys_project ON access_keys (project_id);
`,
};

const adminUsers: Migration = {
  id: '101_access_admin_users',
  sql: `
CREATE TABLE access_users (
  id         TEXT   NOT NULL PRIMARY KEY,
  org_id     TEXT   NOT NULL REFERENCES access_orgs (id),
  team_id    TEXT   REFERENCES access_teams (id),
  email      TEXT   NOT NULL UNIQUE,
  role       TEXT   NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX access_users_team ON access_users (team_id);
CREATE TABLE access_admin_tokens (
  id         TEXT   NOT NULL PRIMARY KEY,
  user_id    TEXT   NOT NULL REFERENCES access_users (id),
  name       TEXT   NOT NULL,
  prefix     TEXT   NOT NULL,
  hash       TEXT   NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX access_admin_tokens_user ON access_admin_tokens (user_id);
`,
};

const policies: Migration = {
  id: '102_access_policies',
  sql: `
CREATE TABLE access_policies (
  scope           TEXT   NOT NULL,
  scope_id        TEXT   NOT NULL,
  org_id          TEXT   NOT NULL REFERENCES access_orgs (id),
  team_id         TEXT,
  allowed_models  TEXT,
  allowed_regions TEXT,
  rpm             BIGINT,
  tpm             BIGINT,
  max_parallel    BIGINT,
  updated_at      BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id)
);
CREATE TABLE access_budgets (
  id               TEXT             NOT NULL PRIMARY KEY,
  scope            TEXT             NOT NULL,
  scope_id         TEXT             NOT NULL,
  org_id           TEXT             NOT NULL REFERENCES access_orgs (id),
  team_id          TEXT,
  amount_usd       DOUBLE PRECISION NOT NULL,
  period           TEXT             NOT NULL,
  alert_thresholds TEXT             NOT NULL,
  alert_webhook    TEXT,
  created_at       BIGINT           NOT NULL,
  updated_at       BIGINT           NOT NULL
);
CREATE INDEX access_budgets_scope ON access_budgets (scope, scope_id);
`,
};

const principalMigrations: Migration[] = [principals, adminUsers, policies];

// --- 140–169: spend records and daily rollups (src/access/spend) ---
// access_spend is append-only (one row per request by a virtual key, written in batches off the
// request path); the rollup job folds rows with rolled = 0 into the daily tables and marks them,
// in one transaction, so each row is counted exactly once. Budget counters reload their settled
// spend from daily + not-yet-rolled rows (periods are whole UTC days, so both line up).

const spend: Migration = {
  id: '140_access_spend',
  sql: `
CREATE TABLE access_spend (
  id                TEXT             NOT NULL PRIMARY KEY,
  ts                BIGINT           NOT NULL,
  day               TEXT             NOT NULL,
  inserted_at       BIGINT           NOT NULL,
  rolled            INTEGER          NOT NULL DEFAULT 0,
  org_id            TEXT             NOT NULL,
  team_id           TEXT             NOT NULL,
  project_id        TEXT             NOT NULL,
  key_id            TEXT             NOT NULL,
  model             TEXT             NOT NULL,
  end_user          TEXT             NOT NULL,
  feature           TEXT             NOT NULL,
  tags              TEXT             NOT NULL,
  status            INTEGER          NOT NULL,
  cost_usd          DOUBLE PRECISION NOT NULL,
  prompt_tokens     BIGINT           NOT NULL,
  completion_tokens BIGINT           NOT NULL
);
CREATE INDEX access_spend_unrolled ON access_spend (inserted_at) WHERE rolled = 0;
CREATE INDEX access_spend_ts ON access_spend (ts);
CREATE INDEX access_spend_key_ts ON access_spend (key_id, ts);
`,
};

const spendDaily: Migration = {
  id: '141_access_spend_daily',
  sql: `
CREATE TABLE access_spend_daily (
  day               TEXT             NOT NULL,
  org_id            TEXT             NOT NULL,
  team_id           TEXT             NOT NULL,
  project_id        TEXT             NOT NULL,
  key_id            TEXT             NOT NULL,
  model             TEXT             NOT NULL,
  end_user          TEXT             NOT NULL,
  feature           TEXT             NOT NULL,
  requests          BIGINT           NOT NULL,
  errors            BIGINT           NOT NULL,
  cost_usd          DOUBLE PRECISION NOT NULL,
  prompt_tokens     BIGINT           NOT NULL,
  completion_tokens BIGINT           NOT NULL,
  PRIMARY KEY (day, org_id, team_id, project_id, key_id, model, end_user, feature)
);
CREATE INDEX access_spend_daily_org ON access_spend_daily (org_id, day);
CREATE INDEX access_spend_daily_team ON access_spend_daily (team_id, day);
CREATE INDEX access_spend_daily_project ON access_spend_daily (project_id, day);
CREATE INDEX access_spend_daily_key ON access_spend_daily (key_id, day);
CREATE INDEX access_spend_daily_model ON access_spend_daily (model, day);
CREATE INDEX access_spend_daily_user ON access_spend_daily (end_user, day);
CREATE INDEX access_spend_daily_feature ON access_spend_daily (feature, day);
CREATE TABLE access_spend_daily_tags (
  day               TEXT             NOT NULL,
  tag               TEXT             NOT NULL,
  org_id            TEXT             NOT NULL,
  team_id           TEXT             NOT NULL,
  project_id        TEXT             NOT NULL,
  key_id            TEXT             NOT NULL,
  model             TEXT             NOT NULL,
  requests          BIGINT           NOT NULL,
  errors            BIGINT           NOT NULL,
  cost_usd          DOUBLE PRECISION NOT NULL,
  prompt_tokens     BIGINT           NOT NULL,
  completion_tokens BIGINT           NOT NULL,
  PRIMARY KEY (day, tag, org_id, team_id, project_id, key_id, model)
);
CREATE INDEX access_spend_daily_tags_tag ON access_spend_daily_tags (tag, day);
CREATE INDEX access_spend_daily_tags_team ON access_spend_daily_tags (team_id, day);
`,
};

const spendMigrations: Migration[] = [spend, spendDaily];

// --- 170–199: audit log and encrypted provider credentials (src/access/audit, src/access/crypto) ---
// JSON snapshots are TEXT on both backends on purpose: each row's hash covers the exact stored text,
// and JSONB would re-serialise it (key order, number forms) so verification could not recompute it.
// access_audit_head is the chain head: appends lock it (FOR UPDATE on Postgres) so replicas never fork
// the chain, and verify compares it with the last row so deleting the newest rows is detected.

const auditLog: Migration = {
  id: '170_access_audit_log',
  sql: `
CREATE TABLE access_audit_log (
  seq         BIGINT NOT NULL PRIMARY KEY,
  id          TEXT   NOT NULL UNIQUE,
  at          BIGINT NOT NULL,
  actor_kind  TEXT   NOT NULL,
  actor_id    TEXT   NOT NULL,
  actor_org   TEXT,
  action      TEXT   NOT NULL,
  target      TEXT   NOT NULL,
  before_json TEXT,
  after_json  TEXT,
  meta_json   TEXT,
  prev_hash   TEXT   NOT NULL,
  hash        TEXT   NOT NULL
);
CREATE INDEX access_audit_log_at ON access_audit_log (at);
CREATE INDEX access_audit_log_action ON access_audit_log (action, seq);
CREATE INDEX access_audit_log_actor ON access_audit_log (actor_id, seq);
CREATE INDEX access_audit_log_target ON access_audit_log (target, seq);
CREATE TABLE access_audit_head (
  id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  seq  BIGINT  NOT NULL,
  hash TEXT    NOT NULL
);
INSERT INTO access_audit_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
`,
};

const credentials: Migration = {
  id: '171_access_credentials',
  sql: `
CREATE TABLE access_credentials (
  name       TEXT   NOT NULL PRIMARY KEY,
  key_id     TEXT   NOT NULL,
  nonce      TEXT   NOT NULL,
  ciphertext TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE access_credential_key_check (
  id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  key_id     TEXT    NOT NULL,
  nonce      TEXT    NOT NULL,
  ciphertext TEXT    NOT NULL,
  updated_at BIGINT  NOT NULL
);
`,
};

const auditMigrations: Migration[] = [auditLog, credentials];

export const accessMigrations: { sqlite: Migration[]; postgres: Migration[] } = {
  sqlite: [...principalMigrations, ...spendMigrations, ...auditMigrations],
  postgres: [...principalMigrations, ...spendMigrations, ...auditMigrations],
};
