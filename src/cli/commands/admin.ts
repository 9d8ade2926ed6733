import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildOpenApi } from '../../access/admin/openapi.ts';
import type { AdminUser, Org } from '../../access/principals/entities.ts';
import { KeelError } from '../../errors/index.ts';
import { DB_OPTIONS, type OpenedAccess, withAccess } from '../access-cli.ts';
import { type CliIo, printJson, processIo, runSubcommands, subcommand, usageError } from '../cli-kit.ts';
import { parseDuration } from '../duration.ts';
import { outFileError } from '../out-file.ts';

export const summary = 'admin create-token|openapi: bootstrap an owner token; print the admin API document';

const DEFAULT_EMAIL = 'owner@keel.local';

const USAGE = `usage: keel admin create-token [--email E] [--org NAME] [--name N] [--expires 90d] [--json] [--db URL]
       keel admin openapi [--out FILE]

  create-token   creates an admin API token (sk-keel-admin-…) and prints it once. For a new email an
                 owner is created (default ${DEFAULT_EMAIL}); for an existing user, a token for them.
                 Without any organisation yet, one is created (--org, default 'default').
                 The database is created if it does not exist (first setup).
  openapi        the OpenAPI 3.1 document of the admin API (also served at GET /api/openapi.json)
  Alternatively set KEEL_ADMIN_TOKEN for 'keel serve': an owner token accepted as-is.
`;

const TOKEN_OPTIONS = {
  ...DB_OPTIONS,
  email: { type: 'string' },
  org: { type: 'string' },
  name: { type: 'string' },
  expires: { type: 'string' },
} as const;

/** The organisation named (created if there are none yet), or the only one. */
async function tokenOrg({ service, caller }: OpenedAccess, ref: string | undefined): Promise<Org> {
  const orgs = await service.listOrgs(caller);
  if (ref !== undefined) {
    const found = orgs.find((o) => o.id === ref || o.name === ref);
    if (found) return found;
    if (orgs.length > 0) throw new KeelError('not_found', `organisation '${ref}' not found`);
  }
  if (orgs.length === 0) return service.createOrg(caller, { name: ref ?? 'default' });
  if (orgs.length === 1) return orgs[0] as Org;
  throw usageError(`there are ${orgs.length} organisations: pass --org`);
}

async function tokenUser(opened: OpenedAccess, values: { email?: string; org?: string }): Promise<AdminUser> {
  const email = (values.email ?? DEFAULT_EMAIL).toLowerCase();
  const existing = (await opened.service.listUsers(opened.caller)).find((u) => u.email === email);
  if (existing) return existing;
  const org = await tokenOrg(opened, values.org);
  return opened.service.createUser(opened.caller, { email, role: 'owner', orgId: org.id });
}

const createToken = subcommand({
  options: TOKEN_OPTIONS,
  run: async ({ values }, io) => {
    const now = io.now?.() ?? Date.now();
    const expiresAt =
      values.expires === undefined
        ? undefined
        : new Date(now + parseDuration(values.expires, { name: '--expires' })).toISOString();
    return withAccess({ db: values.db, io, create: true }, async (opened) => {
      const user = await tokenUser(opened, values);
      const created = await opened.service.createToken(opened.caller, {
        userId: user.id,
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
      if (values.json) {
        printJson(io, { user, ...created });
        return 0;
      }
      io.out(`admin token ${created.token.id} for ${user.role} ${user.email}\n\n  ${created.secret}\n\n`);
      io.err('This token is shown once and cannot be recovered: store it now.\n');
      io.err('Use it as: Authorization: Bearer <token> on /api/…\n');
      return 0;
    });
  },
});

async function openapi(argv: string[], io: CliIo, usage: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.out(usage);
    return 0;
  }
  const text = `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
  if (values.out === undefined) io.out(text);
  else {
    try {
      writeFileSync(values.out, text);
    } catch (error) {
      throw outFileError(values.out, error, 'invalid_request');
    }
  }
  return 0;
}

export function adminCommand(argv: string[], io: CliIo): Promise<number> {
  return runSubcommands('admin', argv, {
    io,
    usage: USAGE,
    subcommands: { 'create-token': createToken, openapi },
  });
}

export async function run(argv: string[]): Promise<number> {
  return adminCommand(argv, processIo());
}
