import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createAuditLog } from '../../access/audit/audit-log.ts';
import { createCredentialStore, listCredentials } from '../../access/crypto/credential-store.ts';
import { MASTER_KEY_ENV, masterKeyFromEnv } from '../../access/crypto/master-key.ts';
import { rotateMasterKey } from '../../access/crypto/rotate-key.ts';
import type { Actor } from '../../access/types.ts';
import { KeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';
import { type CliIo, cliUserName, printJson, processIo, runSubcommands } from '../cli-kit.ts';
import { openExistingStore } from './audit.ts';

export const summary = 'credentials set|list|delete|rotate-key: provider credentials, encrypted at rest';

const USAGE = `usage: keel credentials set NAME [--db URL]        the secret is read from stdin, never from arguments
       keel credentials list [--json] [--db URL]
       keel credentials delete NAME [--db URL]
       keel credentials rotate-key --new-key-env VAR [--db URL]

  KEEL_MASTER_KEY   the master key (32 bytes as 64 hex or 44 base64 characters; openssl rand -base64 32)
  --new-key-env     rotate-key: name of the environment variable holding the new master key;
                    every credential is re-encrypted under it in one transaction
  --db              store URL; default $KEEL_DB, else sqlite:.keel/keel.db

  use a stored credential in keel.yaml:  providers: { openai: { type: openai, apiKey: { credential: NAME } } }
  exit codes: 0 ok, 1 failed (wrong key, not found, store trouble), 2 bad usage
`;

export interface CredentialsIo extends CliIo {
  /** Reads the secret for `set` (stdin in the real command). */
  readSecret(prompt: string): Promise<string>;
}

const DB = { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

const cliActor = (env: CliIo['env']): Actor => ({ kind: 'cli', id: cliUserName(env) });

async function withStore<T>(db: string | undefined, io: CliIo, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openExistingStore(db, io.env);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

// Audit write failures must be visible on the terminal, but stdout may be --json.
const stderrLogger = () => pino({ level: 'warn' }, pino.destination(2));

function oneName(positionals: string[], sub: string): string {
  if (positionals.length === 0) throw new KeelError('invalid_request', `usage: keel credentials ${sub} NAME`);
  if (positionals.length > 1) {
    const hint =
      sub === 'set'
        ? ': the secret is read from stdin, never from arguments (printf %s "$KEY" | keel credentials set NAME)'
        : '';
    throw new KeelError('invalid_request', `expected one NAME, got ${positionals.length} arguments${hint}`);
  }
  return positionals[0] as string;
}

async function set(argv: string[], io: CredentialsIo, usage: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: DB,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io, usage);
  const name = oneName(positionals, 'set');
  const masterKey = masterKeyFromEnv(io.env);
  if (!masterKey)
    throw new KeelError('config_invalid', `${MASTER_KEY_ENV} is not set: it encrypts the credential`);
  return withStore(values.db, io, async (store) => {
    const audit = createAuditLog(store, { logger: stderrLogger() });
    const creds = await createCredentialStore(store, { masterKey, audit });
    // Open the store (and check the key) before asking, so a wrong key fails before the paste.
    const secret = await io.readSecret(`secret for ${name}: `);
    const info = await creds.put(name, secret, cliActor(io.env));
    io.out(`stored credential ${info.name} (key id ${info.keyId})\n`);
    return 0;
  });
}

async function list(argv: string[], io: CliIo, usage: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...DB, json: { type: 'boolean' } }, strict: true });
  if (values.help) return help(io, usage);
  return withStore(values.db, io, async (store) => {
    const rows = await listCredentials(store);
    if (values.json) printJson(io, rows);
    else if (rows.length === 0) io.err('no credentials stored\n');
    else {
      const lines = rows.map(
        (r) =>
          `${r.name}\t${r.keyId}\t${new Date(r.createdAt).toISOString()}\t${new Date(r.updatedAt).toISOString()}`,
      );
      io.out(`name\tkey_id\tcreated\tupdated\n${lines.join('\n')}\n`);
    }
    return 0;
  });
}

async function remove(argv: string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: DB,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return help(io, usage);
  const name = oneName(positionals, 'delete');
  return withStore(values.db, io, async (store) => {
    const audit = createAuditLog(store, { logger: stderrLogger() });
    const creds = await createCredentialStore(store, { masterKey: masterKeyFromEnv(io.env), audit });
    await creds.delete(name, cliActor(io.env));
    io.out(`deleted credential ${name}\n`);
    return 0;
  });
}

async function rotate(argv: string[], io: CliIo, usage: string): Promise<number> {
  const options = { ...DB, 'new-key-env': { type: 'string' } } as const;
  const { values } = parseArgs({ args: argv, options, strict: true });
  if (values.help) return help(io, usage);
  const envName = values['new-key-env'];
  if (envName === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) {
    throw new KeelError(
      'invalid_request',
      '--new-key-env VAR is required: the name of the variable holding the new key',
    );
  }
  const currentKey = masterKeyFromEnv(io.env);
  if (!currentKey)
    throw new KeelError('config_invalid', `${MASTER_KEY_ENV} is not set: it must hold the current key`);
  const newKey = masterKeyFromEnv(io.env, envName);
  if (!newKey) throw new KeelError('config_invalid', `environment variable ${envName} is not set`);
  return withStore(values.db, io, async (store) => {
    const audit = createAuditLog(store, { logger: stderrLogger() });
    const result = await rotateMasterKey(store, { currentKey, newKey, actor: cliActor(io.env), audit });
    io.out(
      `re-encrypted ${result.credentials} credential(s): key id ${result.fromKeyId} → ${result.toKeyId}\n` +
        `now set ${MASTER_KEY_ENV} to the value of ${envName} and restart every Keel process; the old key no longer starts\n`,
    );
    return 0;
  });
}

function help(io: CliIo, usage: string): number {
  io.out(usage);
  return 0;
}

// Usage problems are 2; everything else (wrong key, not found, store trouble) is 1.
export async function credentialsCommand(argv: string[], io: CredentialsIo): Promise<number> {
  return runSubcommands('credentials', argv, {
    io,
    usage: USAGE,
    subcommands: { set, list, delete: remove, 'rotate-key': rotate },
  });
}

/**
 * The secret for `set`: piped stdin (one trailing newline dropped), or typed at a terminal with
 * echo off. Never argv: arguments land in shell history and are visible in `ps`.
 */
export async function readSecretFromStdin(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      // Decoding leniently would store U+FFFD in place of the bytes: a key that silently never works.
      throw new KeelError('invalid_request', 'the secret on stdin is not valid UTF-8');
    }
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (data: Buffer) => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new KeelError('invalid_request', 'cancelled'));
            return;
          }
          typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

export async function run(argv: string[]): Promise<number> {
  return credentialsCommand(argv, { ...processIo(), readSecret: readSecretFromStdin });
}
