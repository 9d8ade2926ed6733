import type { RequestRecord } from '../../spec/index.ts';
import type { AccessPrincipal, ScopeKind } from '../types.ts';

/** One request by a virtual key, as attributed for spend reports (append-only). */
export interface SpendRow {
  /** The request id (so a replayed row is a no-op). */
  id: string;
  /** Epoch ms the request started (decides its day and budget period). */
  ts: number;
  orgId: string;
  teamId: string;
  projectId: string;
  keyId: string;
  model: string;
  /** End user from the request (x-keel-user / body `user`), for attribution; '' when none. */
  user: string;
  feature: string;
  tags: string[];
  status: number;
  costUsd: number;
  promptTokens: number;
  completionTokens: number;
}

/** The spend table column that holds each scope's id. */
export const SCOPE_COLUMN: Readonly<Record<ScopeKind, string>> = {
  org: 'org_id',
  team: 'team_id',
  project: 'project_id',
  key: 'key_id',
};

const MAX_TEXT = 256;
const MAX_TAGS = 20;
const clip = (text: string | null) => (text ?? '').slice(0, MAX_TEXT);

export function spendRowOf(principal: AccessPrincipal, record: RequestRecord): SpendRow {
  return {
    id: record.id,
    ts: record.startedAt,
    orgId: principal.orgId,
    teamId: principal.teamId,
    projectId: principal.projectId,
    keyId: principal.keyId,
    model: record.model.slice(0, 200),
    user: clip(record.user),
    feature: clip(record.feature),
    tags: [...new Set(record.tags.map((t) => t.slice(0, MAX_TEXT)))].slice(0, MAX_TAGS),
    status: record.status,
    costUsd: Number.isFinite(record.costUsd) && record.costUsd > 0 ? record.costUsd : 0,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
  };
}

/** Free failures (rejected before any upstream cost) attribute nothing; skipping them keeps floods of 429s out of the table. */
export function worthRecording(record: RequestRecord): boolean {
  return record.costUsd > 0 || record.promptTokens > 0 || record.completionTokens > 0 || record.status < 400;
}

/** UTC day key of an epoch-ms time. */
export function dayOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}
