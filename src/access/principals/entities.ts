import { z } from 'zod';

/**
 * What the admin API returns (and the CLI prints). Zod schemas so the OpenAPI document describes
 * exactly these shapes; the types below are inferred from them. Times are ISO 8601 strings.
 * Secrets and hashes never appear here: a key's secret is returned once, by `createdKeySchema`.
 */

export const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const;
export const SCOPE_KINDS = ['org', 'team', 'project', 'key'] as const;
export const BUDGET_PERIODS = ['day', 'week', 'month', 'total'] as const;

const time = z.string().describe('ISO 8601 time');
const maybeTime = time.nullable();

export const orgSchema = z.object({ id: z.string(), name: z.string(), createdAt: time, updatedAt: time });
export type Org = z.infer<typeof orgSchema>;

export const teamSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  createdAt: time,
  updatedAt: time,
});
export type Team = z.infer<typeof teamSchema>;

export const projectSchema = teamSchema.extend({ teamId: z.string() });
export type Project = z.infer<typeof projectSchema>;

export const keyStatusSchema = z.enum(['active', 'expired', 'revoked']);

export const virtualKeySchema = z.object({
  id: z.string(),
  orgId: z.string(),
  teamId: z.string(),
  projectId: z.string(),
  name: z.string(),
  /** Non-secret display form, e.g. `sk-keel-AbCdEf…`. */
  prefix: z.string(),
  status: keyStatusSchema,
  createdBy: z.string().nullable(),
  createdAt: time,
  expiresAt: maybeTime,
  revokedAt: maybeTime,
});
export type VirtualKey = z.infer<typeof virtualKeySchema>;

export const adminUserSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  teamId: z.string().nullable(),
  email: z.string(),
  role: z.enum(ROLES),
  createdAt: time,
  updatedAt: time,
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminTokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  status: keyStatusSchema,
  createdAt: time,
  expiresAt: maybeTime,
  revokedAt: maybeTime,
});
export type AdminToken = z.infer<typeof adminTokenSchema>;

export const policySchema = z.object({
  scope: z.enum(SCOPE_KINDS),
  scopeId: z.string(),
  orgId: z.string(),
  teamId: z.string().nullable(),
  allowedModels: z.array(z.string()).nullable(),
  allowedRegions: z.array(z.string()).nullable(),
  rpm: z.number().nullable(),
  tpm: z.number().nullable(),
  maxParallel: z.number().nullable(),
  /** null when no policy is set at this scope (every field null). */
  updatedAt: maybeTime,
});
export type Policy = z.infer<typeof policySchema>;

export const budgetSchema = z.object({
  id: z.string(),
  scope: z.enum(SCOPE_KINDS),
  scopeId: z.string(),
  orgId: z.string(),
  teamId: z.string().nullable(),
  amountUsd: z.number(),
  period: z.enum(BUDGET_PERIODS),
  alertThresholds: z.array(z.number()),
  alertWebhook: z.string().nullable(),
  createdAt: time,
  updatedAt: time,
});
export type Budget = z.infer<typeof budgetSchema>;

export const createdKeySchema = z.object({
  key: virtualKeySchema,
  /** The secret, shown this once: Keel keeps only its hash. */
  secret: z.string(),
});
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const createdTokenSchema = z.object({ token: adminTokenSchema, secret: z.string() });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

/** Provider credential metadata; the value is never returned. */
export const credentialInfoSchema = z.object({
  name: z.string(),
  /** Id of the master key it is encrypted under. */
  keyId: z.string(),
  createdAt: time,
  updatedAt: time,
});
export type CredentialMeta = z.infer<typeof credentialInfoSchema>;

export const isoTime = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

/** A key's or token's state at `now`. */
export function secretStatus(
  row: { revokedAt: number | null; expiresAt: number | null },
  now: number,
): 'active' | 'expired' | 'revoked' {
  if (row.revokedAt !== null) return 'revoked';
  if (row.expiresAt !== null && row.expiresAt <= now) return 'expired';
  return 'active';
}

/** The merged policy enforcement applies to a key (see types.ts EffectivePolicy). */
export const effectivePolicySchema = z.object({
  allowedModels: z.array(z.string()).optional().describe('absent: every model'),
  allowedRegions: z.array(z.string()).optional().describe('absent: every region'),
  limits: z.array(
    z.object({
      scope: z.enum(SCOPE_KINDS),
      scopeId: z.string(),
      rpm: z.number().optional(),
      tpm: z.number().optional(),
      maxParallel: z.number().optional(),
    }),
  ),
  budgets: z.array(
    z.object({
      id: z.string(),
      scope: z.enum(SCOPE_KINDS),
      scopeId: z.string(),
      amountUsd: z.number(),
      period: z.enum(BUDGET_PERIODS),
      alertThresholds: z.array(z.number()),
      alertWebhook: z.string().optional(),
    }),
  ),
});

export const meSchema = z.object({
  role: z.enum(ROLES),
  orgId: z.string().nullable().describe('null: instance-wide (bootstrap token, CLI)'),
  teamId: z.string().nullable(),
  user: adminUserSchema.nullable(),
  actor: z.object({
    kind: z.enum(['user', 'admin_token', 'virtual_key', 'system', 'cli']),
    id: z.string(),
    orgId: z.string().optional(),
  }),
});
