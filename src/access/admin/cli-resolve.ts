import { KeelError } from '../../errors/index.ts';
import type { Org, Project, Team } from '../principals/entities.ts';
import type { AdminCaller } from '../rbac/index.ts';
import type { BudgetPeriod } from '../types.ts';
import type { AccessService } from './service.ts';

/** Command-line conveniences: things named by id or name, budgets as `50/month`, lists as `a,b`. */

function pick<T extends { id: string; name: string }>(
  items: readonly T[],
  ref: string,
  what: { label: string; hint: string },
): T {
  const byId = items.find((item) => item.id === ref);
  if (byId) return byId;
  const named = items.filter((item) => item.name === ref);
  if (named.length === 1) return named[0] as T;
  if (named.length > 1) {
    throw new KeelError(
      'invalid_request',
      `${what.label} name '${ref}' is ambiguous: ${what.hint}, or use its id`,
    );
  }
  throw new KeelError('not_found', `${what.label} '${ref}' not found`);
}

export async function resolveOrg(service: AccessService, caller: AdminCaller, ref: string): Promise<Org> {
  return pick(await service.listOrgs(caller), ref, { label: 'organisation', hint: 'names are unique' });
}

export async function resolveTeam(
  service: AccessService,
  caller: AdminCaller,
  ref: { team: string; org?: string | undefined },
): Promise<Team> {
  const orgId = ref.org === undefined ? undefined : (await resolveOrg(service, caller, ref.org)).id;
  const teams = await service.listTeams(caller, orgId === undefined ? {} : { orgId });
  return pick(teams, ref.team, { label: 'team', hint: 'pass --org' });
}

/** A project by id or name: within `team` when given, else within `orgId` (or every organisation). */
export async function resolveProject(
  service: AccessService,
  caller: AdminCaller,
  ref: { project: string; team: Team } | { project: string; team?: undefined; orgId?: string | undefined },
): Promise<Project> {
  if (ref.team === undefined) {
    const projects = await service.listProjects(caller, ref.orgId === undefined ? {} : { orgId: ref.orgId });
    return pick(projects, ref.project, { label: 'project', hint: 'pass --team' });
  }
  const projects = await service.listProjects(caller, { teamId: ref.team.id });
  return pick(projects, ref.project, {
    label: `project (in team '${ref.team.name}')`,
    hint: 'names are unique per team',
  });
}

const PERIODS: readonly BudgetPeriod[] = ['day', 'week', 'month', 'total'];

/** `50/month`, `12.5/day`, `100/total` (also `$50/month`). */
export function parseBudget(text: string): { amountUsd: number; period: BudgetPeriod } {
  const match = /^\$?(\d+(?:\.\d+)?)\/(day|week|month|total)$/.exec(text.trim());
  if (!match) {
    throw new KeelError(
      'invalid_request',
      `--budget: '${text.slice(0, 50)}' is not AMOUNT/PERIOD (e.g. 50/month; periods: ${PERIODS.join(', ')})`,
    );
  }
  return { amountUsd: Number(match[1]), period: match[2] as BudgetPeriod };
}

/** `a,b, c` → ['a', 'b', 'c']; empty items are an error, not silently dropped. */
export function parseList(text: string, flag: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === ''))
    throw new KeelError('invalid_request', `${flag}: empty item in '${text.slice(0, 100)}'`);
  return items;
}

export function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new KeelError('invalid_request', `${flag}: '${text.slice(0, 50)}' is not a whole number`);
  return Number(text);
}
