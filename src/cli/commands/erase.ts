import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createAuditLog } from '../../access/index.ts';
import { silentLogger } from '../../log/index.ts';
import { type CliIo, clean, openStore, processIo, runCli, usageError } from '../../traces/query/cli-kit.ts';
import { eraseUser, flushRedisCache, tenantExists, unknownTenant } from '../../traces/retention/index.ts';

export const summary = "erase --user ID: delete an end user's traces, feedback, requests and cache entries";

const USAGE = `usage: keel erase --user ID [--tenant T] [--redis URL] [--json] [--db URL]

Deletes everything Keel stores about an end user: traces (with spans, tags, scores), feedback
they gave, request records, evaluation samples of their requests, alert rows grouped by them;
blanks them out of spend records (totals stay); records the erasure in the audit log under a
salted hash of the id (set KEEL_ERASURE_SALT to keep the salt outside the database).

  --tenant  only this tenant (project); default: every tenant
  --redis   also flush the response cache in this Redis (cluster mode). A running embedded Keel's
            in-memory cache is out of reach from here: use DELETE /api/users/ID/data on the
            server, or let it expire (traces.* docs)
  --db      store URL; default $KEEL_DB, else sqlite:.keel/keel.db
`;

const OPTIONS = {
  user: { type: 'string' },
  tenant: { type: 'string' },
  redis: { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function who(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}

export async function eraseCommand(argv: string[], io: CliIo): Promise<number> {
  return runCli('erase', io, async () => {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const userId = values.user?.trim();
    if (!userId) throw usageError(`--user is required\n${USAGE}`);
    const tenant = values.tenant;
    const store = await openStore(values.db, io);
    try {
      // The CLI sees every tenant, so an unknown name would otherwise erase nothing and exit 0.
      if (tenant !== undefined && !(await tenantExists(store.sql, tenant)))
        throw unknownTenant(clean(tenant));
      const redis = values.redis;
      const report = await eraseUser(store.sql, {
        userId,
        scope: tenant !== undefined ? [tenant] : undefined,
        audit: createAuditLog(store, { logger: silentLogger() }),
        actor: { kind: 'cli', id: who() },
        env: io.env,
        ...(redis
          ? { flushCache: async (tenants) => void (await flushRedisCache({ url: redis, tenants })) }
          : {}),
      });
      if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const counts = Object.entries(report.deleted)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        // Only the values are cleaned (the user id is the caller's text): the line breaks are ours.
        io.out(
          `erased ${clean(userId)}: ${clean(counts)}\naudit: user.erase end_user:${report.userHash}\ncache: ${clean(report.cache)}\n`,
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  });
}

export function run(argv: string[]): Promise<number> {
  return eraseCommand(argv, processIo());
}
