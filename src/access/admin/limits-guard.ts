import type { Budget, Policy } from '../principals/entities.ts';
import type * as repo from '../principals/policy-repo.ts';
import { type AdminCaller, forbidden } from '../rbac/index.ts';

/**
 * Developers manage their team's keys, and a key's policy and budgets count as the key (rbac.ts).
 * Left at that, a developer handed a key with a $10 budget or a 60 rpm limit by an admin could
 * raise or delete it. So a caller below admin may add limits and make them stricter, never looser:
 * a budget only goes down, a rate limit only down, an allow-list only shrinks, and nothing is
 * deleted. (Every level of the chain applies on its own, so the team's and organisation's limits
 * held anyway; this keeps the key's too.) Admins and owners change anything.
 */

const mayLoosen = (caller: AdminCaller): boolean => caller.role === 'owner' || caller.role === 'admin';

const ADMIN_ONLY = 'ask an admin, or create a new key with the limits you need';

/** A limit after a change is at least as strict as before: present if it was, and no higher. */
function stricterNumber(before: number | null, after: number | null): boolean {
  return before === null || (after !== null && after <= before);
}

/** An allow-list after a change allows nothing it did not: present if it was, and a subset. */
function stricterList(before: readonly string[] | null, after: readonly string[] | null): boolean {
  return before === null || after?.every((item) => before.includes(item)) === true;
}

/** A policy change by a developer may only tighten what was there. */
export function requireStricterPolicy(
  caller: AdminCaller,
  before: Policy | undefined,
  after: repo.PolicyValues,
): void {
  if (mayLoosen(caller) || before === undefined) return;
  const looser: string[] = [];
  if (!stricterList(before.allowedModels, after.allowedModels)) looser.push('allowedModels');
  if (!stricterList(before.allowedRegions, after.allowedRegions)) looser.push('allowedRegions');
  if (!stricterNumber(before.rpm, after.rpm)) looser.push('rpm');
  if (!stricterNumber(before.tpm, after.tpm)) looser.push('tpm');
  if (!stricterNumber(before.maxParallel, after.maxParallel)) looser.push('maxParallel');
  if (looser.length > 0) {
    throw forbidden(
      `Role '${caller.role}' may only tighten a key's policy; this change loosens ${looser.join(', ')}: ${ADMIN_ONLY}`,
    );
  }
}

/** Deleting a key's policy or budget removes a limit. */
export function requireMayRemoveLimit(caller: AdminCaller, what: 'policy' | 'budget'): void {
  if (!mayLoosen(caller)) {
    throw forbidden(`Role '${caller.role}' may not delete a key's ${what}: ${ADMIN_ONLY}`);
  }
}

/**
 * A budget change by a developer may only lower the amount. The period stays (a monthly budget
 * made daily is not simply stricter), and so do the alert thresholds and webhook, which tell
 * whoever set the budget that it is running out.
 */
export function requireLowerBudget(
  caller: AdminCaller,
  before: Budget,
  change: { amountUsd?: number; period?: string; alertThresholds?: number[]; alertWebhook?: string | null },
): void {
  if (mayLoosen(caller)) return;
  const sameThresholds = (list: number[]) =>
    list.length === before.alertThresholds.length && list.every((t, i) => t === before.alertThresholds[i]);
  const refused: string[] = [];
  if (change.amountUsd !== undefined && change.amountUsd > before.amountUsd)
    refused.push('a higher amountUsd');
  if (change.period !== undefined && change.period !== before.period) refused.push('period');
  if (change.alertThresholds !== undefined && !sameThresholds(change.alertThresholds))
    refused.push('alertThresholds');
  if (change.alertWebhook !== undefined && change.alertWebhook !== before.alertWebhook)
    refused.push('alertWebhook');
  if (refused.length > 0) {
    throw forbidden(
      `Role '${caller.role}' may only lower a key's budget amount, not change ${refused.join(', ')}: ${ADMIN_ONLY}`,
    );
  }
}
