import { createHmac, randomBytes } from 'node:crypto';
import type { SqlExecutor } from '../../spec/index.ts';

/**
 * The secret that erasure records hash user ids with, so the audit log can prove "this id was
 * erased" to whoever holds the salt (recompute and compare) without naming the user to anyone who
 * reads the log. `KEEL_ERASURE_SALT` (kept outside the database) is the strong form; without it a
 * random salt is created once and kept in `trace_settings` — then anyone with database access can
 * test guesses, so set the variable in production.
 */
export async function erasureSalt(
  sql: SqlExecutor,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const fromEnv = env.KEEL_ERASURE_SALT;
  if (fromEnv) return fromEnv;
  await sql.execute(
    `INSERT INTO trace_settings (name, value) VALUES ('erasure_salt', ?) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  );
  const [row] = await sql.query<{ value: string }>(
    "SELECT value FROM trace_settings WHERE name = 'erasure_salt'",
  );
  return String(row?.value);
}

/** `hmac-sha256:<hex>` of the user id under the salt. */
export function userHash(salt: string, userId: string): string {
  return `hmac-sha256:${createHmac('sha256', salt).update(userId).digest('hex')}`;
}
