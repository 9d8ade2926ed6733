import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import { open, type Sealed, seal } from './aead.ts';
import type { MasterKey } from './master-key.ts';

/**
 * The key-check value: a known constant encrypted under the master key and stored beside the
 * credentials. Opening it at start proves the configured key is the one that encrypted them, so a
 * wrong key fails loudly at start instead of producing garbage (or auth errors) on first use.
 */
const CHECK_PLAINTEXT = 'keel-master-key-check';
const CHECK_AAD = 'keel-key-check:v1';

export const WRONG_KEY_MESSAGE =
  'KEEL_MASTER_KEY does not match the key that encrypted the stored credentials';

interface CheckRow {
  key_id: string;
  nonce: string;
  ciphertext: string;
  [column: string]: unknown;
}

export async function readKeyCheck(
  sql: SqlExecutor,
  options: { lock?: boolean } = {},
): Promise<Sealed | undefined> {
  const lock = options.lock && sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const [row] = await sql.query<CheckRow>(
    `SELECT key_id, nonce, ciphertext FROM access_credential_key_check WHERE id = 1${lock}`,
  );
  return row === undefined ? undefined : { keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext };
}

/** True when `key` opens the stored check value. */
export function keyMatches(key: MasterKey, check: Sealed): boolean {
  if (check.keyId !== key.id) return false;
  try {
    return open(key, check, { aad: CHECK_AAD, what: 'the key-check value' }) === CHECK_PLAINTEXT;
  } catch {
    return false;
  }
}

export function assertKeyMatches(key: MasterKey, check: Sealed, source = 'KEEL_MASTER_KEY'): void {
  if (keyMatches(key, check)) return;
  const message = WRONG_KEY_MESSAGE.replace('KEEL_MASTER_KEY', source);
  throw new KeelError(
    'config_invalid',
    `${message} (they were encrypted under key id ${check.keyId}; this key's id is ${key.id})`,
  );
}

/** Stores the check value for `key`, replacing any previous one (rotation). */
export async function writeKeyCheck(
  sql: SqlExecutor,
  options: { key: MasterKey; now: number },
): Promise<void> {
  const sealed = seal(options.key, CHECK_PLAINTEXT, CHECK_AAD);
  await sql.execute(
    `INSERT INTO access_credential_key_check (id, key_id, nonce, ciphertext, updated_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, nonce = excluded.nonce,
       ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
    [sealed.keyId, sealed.nonce, sealed.ciphertext, options.now],
  );
}

/**
 * The check value as it is after making sure one exists: the first credential ever stored writes
 * it for its key. Two first writers racing both land here; the loser's insert does nothing and it
 * reads (and locks) the winner's row, so the caller compares key ids instead of failing on a
 * duplicate key.
 */
export async function ensureKeyCheck(
  sql: SqlExecutor,
  options: { key: MasterKey; now: number },
): Promise<Sealed> {
  const existing = await readKeyCheck(sql, { lock: true });
  if (existing !== undefined) return existing;
  const sealed = seal(options.key, CHECK_PLAINTEXT, CHECK_AAD);
  await sql.execute(
    `INSERT INTO access_credential_key_check (id, key_id, nonce, ciphertext, updated_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
    [sealed.keyId, sealed.nonce, sealed.ciphertext, options.now],
  );
  return (await readKeyCheck(sql, { lock: true })) ?? sealed;
}
