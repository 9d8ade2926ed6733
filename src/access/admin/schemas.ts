import { z } from 'zod';
import { BUDGET_PERIODS, ROLES, SCOPE_KINDS } from '../principals/entities.ts';

/**
 * Admin API inputs. Strict objects (unknown fields are errors), explicit bounds on every string,
 * number and list (a huge value is a 400, never silently clamped). The OpenAPI document is
 * generated from these same schemas.
 */

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');

export const nameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'names start with a letter or digit and use letters, digits, _ . -');

const futureTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time in the future');

const modelName = z.string().min(1).max(256);
const regionName = z.string().min(1).max(64);

export const policyInputSchema = z.strictObject({
  allowedModels: z.array(modelName).max(1000).nullable().optional().describe('null or absent: all models'),
  allowedRegions: z.array(regionName).max(100).nullable().optional().describe('null or absent: all regions'),
  rpm: z.number().int().min(1).max(100_000_000).nullable().optional().describe('requests per minute'),
  tpm: z.number().int().min(1).max(1_000_000_000_000).nullable().optional().describe('tokens per minute'),
  maxParallel: z.number().int().min(1).max(1_000_000).nullable().optional().describe('requests in flight'),
});
export type PolicyInput = z.infer<typeof policyInputSchema>;

const amountUsd = z.number().positive('must be greater than 0').max(1_000_000_000);
const thresholdList = z
  .array(z.number().gt(0).max(10))
  .max(10)
  .describe('fractions of the amount (0.5 = 50 %) at which a soft alert fires once per period');
const webhook = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .nullable();

export const budgetValuesSchema = z.strictObject({
  amountUsd,
  period: z.enum(BUDGET_PERIODS),
  alertThresholds: thresholdList.default([0.5, 0.8, 1]),
  alertWebhook: webhook.optional(),
});
export type BudgetValuesInput = z.infer<typeof budgetValuesSchema>;

export const budgetCreateSchema = budgetValuesSchema.extend({
  scope: z.enum(SCOPE_KINDS),
  scopeId: idSchema,
});
export const budgetUpdateSchema = z.strictObject({
  amountUsd: amountUsd.optional(),
  period: z.enum(BUDGET_PERIODS).optional(),
  alertThresholds: thresholdList.optional(),
  alertWebhook: webhook.optional(),
});

export const orgCreateSchema = z.strictObject({ name: nameSchema });
export const renameSchema = z.strictObject({ name: nameSchema });
export const teamCreateSchema = z.strictObject({
  name: nameSchema,
  orgId: idSchema.optional().describe('defaults to the caller’s organisation'),
});
export const projectCreateSchema = z.strictObject({ name: nameSchema, teamId: idSchema });

export const keyCreateSchema = z.strictObject({
  teamId: idSchema,
  projectId: idSchema.optional().describe('defaults to the team’s `default` project (created on first use)'),
  name: nameSchema.optional(),
  expiresAt: futureTime.optional(),
  policy: policyInputSchema.optional(),
  budgets: z.array(budgetValuesSchema).max(10).optional(),
});
export type KeyCreateInput = z.infer<typeof keyCreateSchema>;

export const userCreateSchema = z.strictObject({
  email: z.email().max(254),
  role: z.enum(ROLES),
  orgId: idSchema.optional(),
  teamId: idSchema.nullable().optional().describe('team scope; null or absent: the whole organisation'),
});
export const userUpdateSchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  teamId: idSchema.nullable().optional(),
});

export const tokenCreateSchema = z.strictObject({
  userId: idSchema.optional().describe('defaults to the caller'),
  name: nameSchema.default('default'),
  expiresAt: futureTime.optional(),
});

export const credentialNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'credential names start with a letter or digit and use letters, digits, _ . -',
  );
export const credentialParams = z.strictObject({ name: credentialNameSchema });
export const credentialPutSchema = z.strictObject({ value: z.string().min(1).max(16_384) });

// Query strings (GET lists): strings only, strict.
export const teamListQuery = z.strictObject({ orgId: idSchema.optional() });
export const projectListQuery = z.strictObject({ teamId: idSchema.optional(), orgId: idSchema.optional() });
export const keyListQuery = z.strictObject({
  teamId: idSchema.optional(),
  projectId: idSchema.optional(),
  status: z.enum(['active', 'expired', 'revoked']).optional(),
});
export const userListQuery = z.strictObject({ teamId: idSchema.optional(), orgId: idSchema.optional() });
export const tokenListQuery = z.strictObject({ userId: idSchema.optional() });
export const budgetListQuery = z.strictObject({
  scope: z.enum(SCOPE_KINDS).optional(),
  scopeId: idSchema.optional(),
});
export const emptyQuery = z.strictObject({});

export const scopeParams = z.strictObject({ scope: z.enum(SCOPE_KINDS), scopeId: idSchema });
