import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor, Store } from '../../spec/index.ts';
import type { Actor, AuditSink } from '../types.ts';
import { open, seal } from './aead.ts';
import {
  assertCredentialName,
  assertSecretValue,
  type CredentialInfo,
  type CredentialRow,
  countCredentials,
  credentialAad,
  infoOf,
  readCredentials,
  sealedOf,
} from './credential-rows.ts';
import { assertKeyMatches, ensureKeyCheck, readKeyCheck, WRONG_KEY_MESSAGE } from './key-check.ts';
import { type MasterKey, parseMasterKey } from './master-key.ts';

export interface CredentialStoreOptions {
  /** The master key (parsed, or as text: hex / base64 of 32 bytes); undefined = feature unused. */
  masterKey: MasterKey | string | undefined;
  /** Every change is recorded here, without the secret. */
  audit?: AuditSink;
  now?: () => number;
}

/** Provider credentials, encrypted at rest with AES-256-GCM under the master key. */
export interface CredentialStore {
  /** Id of the master key in use; undefined when no key is configured. */
  readonly keyId: string | undefined;
  /** Creates or replaces a credential. */
  put(name: string, plaintext: string, actor: Actor): Promise<CredentialInfo>;
  /** The decrypted value (internal use only: never return it from an API or log it). */
  get(name: string): Promise<string | undefined>;
  /** Metadata only. */
  list(): Promise<CredentialInfo[]>;
  /** Throws not_found when there is no such credential. */
  delete(name: string, actor: Actor): Promise<void>;
  /** Decrypts every credential into memory (for provider secret resolution); returns the names. */
  load(): Promise<string[]>;
  /** The in-memory value loaded by `load()` (kept current by this instance's put/delete). */
  resolve(name: string): string | undefined;
}

/**
 * Opens the credential store and checks the master key against the stored key-check value, so a
 * wrong key fails here, at start. No key and no stored credentials is fine (feature unused); no
 * key but stored credentials is an error.
 */
export async function createCredentialStore(
  store: Pick<Store, 'sql'>,
  options: CredentialStoreOptions,
): Promise<CredentialStore> {
  const key = typeof options.masterKey === 'string' ? parseMasterKey(options.masterKey) : options.masterKey;
  await checkAtStart(store.sql, key);
  return new SqlCredentialStore(store.sql, { key, audit: options.audit, now: options.now ?? Date.now });
}

/** Metadata of every stored credential; needs no master key (nothing is decrypted). */
export async function listCredentials(store: Pick<Store, 'sql'>): Promise<CredentialInfo[]> {
  const rows = await store.sql.query<CredentialRow>(
    'SELECT name, key_id, created_at, updated_at FROM access_credentials ORDER BY name',
  );
  return rows.map(infoOf);
}

async function checkAtStart(sql: SqlExecutor, key: MasterKey | undefined): Promise<void> {
  const count = await countCredentials(sql);
  if (key === undefined) {
    if (count === 0) return;
    throw new KeelError(
      'config_invalid',
      `KEEL_MASTER_KEY is not set, but the database holds ${count} encrypted provider credential${count === 1 ? '' : 's'}: set it to the key they were stored with`,
    );
  }
  const check = await readKeyCheck(sql);
  if (check !== undefined) assertKeyMatches(key, check);
  // Without a check value (older data, or it was removed) every credential must still open.
  for (const row of await readCredentials(sql)) {
    if (row.key_id !== key.id || check === undefined) decryptRow(key, row, { wrongKeyIsFatal: true });
  }
}

function decryptRow(key: MasterKey, row: CredentialRow, options: { wrongKeyIsFatal?: boolean } = {}): string {
  if (options.wrongKeyIsFatal && row.key_id !== key.id) {
    throw new KeelError(
      'config_invalid',
      `${WRONG_KEY_MESSAGE} (credential '${row.name}' uses key id ${row.key_id}; this key's id is ${key.id})`,
    );
  }
  return open(key, sealedOf(row), { aad: credentialAad(row.name), what: `credential '${row.name}'` });
}

class SqlCredentialStore implements CredentialStore {
  readonly keyId: string | undefined;
  readonly #sql: SqlExecutor;
  readonly #key: MasterKey | undefined;
  readonly #audit: AuditSink | undefined;
  readonly #now: () => number;
  readonly #loaded = new Map<string, string>();

  constructor(
    sql: SqlExecutor,
    options: { key: MasterKey | undefined; audit: AuditSink | undefined; now: () => number },
  ) {
    this.#sql = sql;
    this.#key = options.key;
    this.#audit = options.audit;
    this.#now = options.now;
    this.keyId = options.key?.id;
  }

  async put(name: string, plaintext: string, actor: Actor): Promise<CredentialInfo> {
    assertCredentialName(name);
    assertSecretValue(plaintext);
    const key = this.#requireKey();
    const now = this.#now();
    const { before, after } = await this.#sql.transaction(async (tx) => {
      await this.#assertKeyCurrent(tx, key, now);
      const [existing] = await tx.query<CredentialRow>(
        'SELECT name, key_id, nonce, ciphertext, created_at, updated_at FROM access_credentials WHERE name = ?',
        [name],
      );
      const sealed = seal(key, plaintext, credentialAad(name));
      const row: CredentialRow = {
        name,
        key_id: sealed.keyId,
        nonce: sealed.nonce,
        ciphertext: sealed.ciphertext,
        created_at: existing ? Number(existing.created_at) : now,
        updated_at: now,
      };
      if (existing) {
        await tx.execute(
          'UPDATE access_credentials SET key_id = ?, nonce = ?, ciphertext = ?, updated_at = ? WHERE name = ?',
          [row.key_id, row.nonce, row.ciphertext, now, name],
        );
      } else {
        await tx.execute(
          'INSERT INTO access_credentials (name, key_id, nonce, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
          [name, row.key_id, row.nonce, row.ciphertext, now, now],
        );
      }
      return { before: existing ? infoOf(existing) : undefined, after: infoOf(row) };
    });
    this.#loaded.set(name, plaintext);
    await this.#record({
      actor,
      action: before ? 'credential.update' : 'credential.create',
      name,
      before,
      after,
    });
    return after;
  }

  async get(name: string): Promise<string | undefined> {
    assertCredentialName(name);
    const key = this.#requireKey();
    const [row] = await this.#sql.query<CredentialRow>(
      'SELECT name, key_id, nonce, ciphertext, created_at, updated_at FROM access_credentials WHERE name = ?',
      [name],
    );
    return row === undefined ? undefined : decryptRow(key, row);
  }

  list(): Promise<CredentialInfo[]> {
    return listCredentials({ sql: this.#sql });
  }

  async delete(name: string, actor: Actor): Promise<void> {
    assertCredentialName(name);
    const before = await this.#sql.transaction(async (tx) => {
      const [row] = await tx.query<CredentialRow>(
        'SELECT name, key_id, created_at, updated_at FROM access_credentials WHERE name = ?',
        [name],
      );
      if (row === undefined)
        throw new KeelError('not_found', `credential '${name}' does not exist`, { param: 'name' });
      await tx.execute('DELETE FROM access_credentials WHERE name = ?', [name]);
      return infoOf(row);
    });
    this.#loaded.delete(name);
    await this.#record({ actor, action: 'credential.delete', name, before, after: undefined });
  }

  async load(): Promise<string[]> {
    const rows = await readCredentials(this.#sql);
    if (rows.length === 0) {
      this.#loaded.clear();
      return [];
    }
    const key = this.#requireKey();
    const next = new Map(rows.map((row) => [row.name, decryptRow(key, row)] as const));
    this.#loaded.clear();
    for (const [name, value] of next) this.#loaded.set(name, value);
    return [...next.keys()];
  }

  resolve(name: string): string | undefined {
    return this.#loaded.get(name);
  }

  #requireKey(): MasterKey {
    if (this.#key) return this.#key;
    throw new KeelError(
      'config_invalid',
      'provider credentials need a master key: set KEEL_MASTER_KEY to 32 random bytes (openssl rand -base64 32)',
    );
  }

  /** Refuses to write under a key other than the one the stored credentials use (e.g. after a rotation). */
  async #assertKeyCurrent(tx: SqlExecutor, key: MasterKey, now: number): Promise<void> {
    const check = await ensureKeyCheck(tx, { key, now });
    if (check.keyId !== key.id) {
      throw new KeelError(
        'config_invalid',
        `${WRONG_KEY_MESSAGE}: they are now under key id ${check.keyId} (the master key was rotated since this process started?); restart it with the current KEEL_MASTER_KEY`,
      );
    }
  }

  async #record(change: {
    actor: Actor;
    action: string;
    name: string;
    before: CredentialInfo | undefined;
    after: CredentialInfo | undefined;
  }): Promise<void> {
    await this.#audit?.record({
      actor: change.actor,
      action: change.action,
      target: `credential:${change.name}`,
      ...(change.before ? { before: change.before } : {}),
      ...(change.after ? { after: change.after } : {}),
    });
  }
}
