import type { SqlExecutor } from '../spec/index.ts';

/**
 * Whether an organisation's org-wide admin users see the anonymous tenant (`default`) in the
 * observability API, erasure included. Keyless traffic belongs to no project, so without this
 * only instance-wide tokens could read or erase it, and an org owner's `DELETE
 * /api/users/:id/data` answered 200 while leaving that user's anonymous traces behind.
 *
 * Owner: the org named by `access.anonymousTenantOrg` (id or name) when set; otherwise the only
 * org of a single-org instance. With several orgs and no setting, nobody but instance-wide
 * callers sees it: one organisation must not read another's keyless traffic by default.
 */
export async function ownsAnonymousTenant(
  sql: SqlExecutor,
  orgId: string,
  configured: string | undefined,
): Promise<boolean> {
  if (configured !== undefined) {
    const rows = await sql.query<{ id: string }>('SELECT id FROM access_orgs WHERE id = ? OR name = ?', [
      configured,
      configured,
    ]);
    return rows.some((row) => row.id === orgId);
  }
  const rows = await sql.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM access_orgs');
  return Number(rows[0]?.n) === 1;
}
