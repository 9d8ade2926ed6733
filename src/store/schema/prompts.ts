import type { Migration } from '../migrations.ts';

/**
 * Tables of the `prompts` module. Ids 300–399 belong to this file; append, never edit a released
 * migration. Each backend gets its own SQL (types differ: JSONB/TEXT, BIGINT/INTEGER).
 *
 * prompts               one row per prompt; `revision` bumps on every change (replicas compare it)
 * prompt_versions       immutable versions (a trigger rejects UPDATE); content is canonical JSON + its sha256
 * prompt_labels         label → version, or a weighted split; `revision` is the optimistic-lock token
 * prompt_label_history  every label move (rollback reads it; the audit log gets the same event)
 * prompt_eval_results   evaluation scores per version (CI / the evals module), read by the promotion gate
 */

const sqlite: Migration[] = [
  {
    id: '300_prompts',
    sql: `
CREATE TABLE prompts (
  name        TEXT    NOT NULL PRIMARY KEY,
  description TEXT    NOT NULL,
  tags        TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE prompt_versions (
  prompt         TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  content        TEXT    NOT NULL,
  content_hash   TEXT    NOT NULL,
  commit_message TEXT    NOT NULL,
  author         TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (prompt, version)
);
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
BEGIN
  SELECT RAISE(ABORT, 'prompt versions are immutable');
END;
CREATE TABLE prompt_labels (
  prompt     TEXT    NOT NULL,
  label      TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  split      TEXT,
  revision   INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT    NOT NULL,
  PRIMARY KEY (prompt, label)
);
CREATE TABLE prompt_label_history (
  id          TEXT    NOT NULL PRIMARY KEY,
  prompt      TEXT    NOT NULL,
  label       TEXT    NOT NULL,
  from_target TEXT,
  to_target   TEXT,
  actor       TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX prompt_label_history_label ON prompt_label_history (prompt, label, id);
CREATE TABLE prompt_eval_results (
  id      TEXT    NOT NULL PRIMARY KEY,
  prompt  TEXT    NOT NULL,
  version INTEGER NOT NULL,
  scores  TEXT    NOT NULL,
  source  TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX prompt_eval_results_version ON prompt_eval_results (prompt, version, at);
`,
  },
];

const postgres: Migration[] = [
  {
    id: '300_prompts',
    sql: `
CREATE TABLE prompts (
  name        TEXT   NOT NULL PRIMARY KEY,
  description TEXT   NOT NULL,
  tags        JSONB  NOT NULL,
  revision    BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE TABLE prompt_versions (
  prompt         TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  content        TEXT    NOT NULL,
  content_hash   TEXT    NOT NULL,
  commit_message TEXT    NOT NULL,
  author         TEXT    NOT NULL,
  created_at     BIGINT  NOT NULL,
  PRIMARY KEY (prompt, version)
);
CREATE FUNCTION prompt_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'prompt versions are immutable';
END
$fn$;
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
  FOR EACH ROW EXECUTE FUNCTION prompt_versions_immutable();
CREATE TABLE prompt_labels (
  prompt     TEXT    NOT NULL,
  label      TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  split      JSONB,
  revision   BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL,
  updated_by TEXT    NOT NULL,
  PRIMARY KEY (prompt, label)
);
CREATE TABLE prompt_label_history (
  id          TEXT   NOT NULL PRIMARY KEY,
  prompt      TEXT   NOT NULL,
  label       TEXT   NOT NULL,
  from_target JSONB,
  to_target   JSONB,
  actor       TEXT   NOT NULL,
  reason      TEXT   NOT NULL,
  at          BIGINT NOT NULL
);
CREATE INDEX prompt_label_history_label ON prompt_label_history (prompt, label, id);
CREATE TABLE prompt_eval_results (
  id      TEXT    NOT NULL PRIMARY KEY,
  prompt  TEXT    NOT NULL,
  version INTEGER NOT NULL,
  scores  JSONB   NOT NULL,
  source  TEXT    NOT NULL,
  at      BIGINT  NOT NULL
);
CREATE INDEX prompt_eval_results_version ON prompt_eval_results (prompt, version, at);
`,
  },
];

export const promptsMigrations: { sqlite: Migration[]; postgres: Migration[] } = { sqlite, postgres };
