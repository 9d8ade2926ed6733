import { KeelError } from '../../errors/index.ts';
import type { Store } from '../../spec/index.ts';
import type { Actor, AuditSink } from '../types.ts';
import { open, seal } from './aead.ts';
import { type CredentialRow, credentialAad, readCredentials, sealedOf } from './credential-rows.ts';
import { assertKeyMatches, readKeyCheck, writeKeyCheck } from './key-check.ts';
import type { MasterKey } from './master-key.ts';

export interface RotateKeyOptions {
  /** The key the credentials are encrypted under now. */
  currentKey: MasterKey;
  newKey: MasterKey;
  actor: Actor;
  audit?: AuditSink;
  now?: () => number;
}

export interface RotateKeyResult {
  credentials: number;
  fromKeyId: string;
  toKeyId: string;
}

/**
 * Re-encrypts every credential under `newKey` (fresh nonces) and replaces the key-check value, in
 * one transaction: either all of them move to the new key or none does. Afterwards the old key
 * fails the start-up check and processes still running with it refuse to write credentials.
 */
export async function rotateMasterKey(
  store: Pick<Store, 'sql'>,
  options: RotateKeyOptions,
): Promise<RotateKeyResult> {
  const { currentKey, newKey } = options;
  if (currentKey.id === newKey.id) {
    throw new KeelError('invalid_request', 'the new master key is the same as the current one');
  }
  const now = (options.now ?? Date.now)();
  const count = await store.sql.transaction(async (tx) => {
    const check = await readKeyCheck(tx, { lock: true });
    if (check !== undefined) assertKeyMatches(currentKey, check);
    const rows = await readCredentials(tx);
    // Decrypt everything first: one credential that will not open aborts the whole rotation.
    const plain = rows.map((row) => ({ row, value: openRow(currentKey, row) }));
    for (const { row, value } of plain) {
      const sealed = seal(newKey, value, credentialAad(row.name));
      await tx.execute('UPDATE access_credentials SET key_id = ?, nonce = ?, ciphertext = ? WHERE name = ?', [
        sealed.keyId,
        sealed.nonce,
        sealed.ciphertext,
        row.name,
      ]);
    }
    await writeKeyCheck(tx, { key: newKey, now });
    return rows.length;
  });
  await options.audit?.record({
    actor: options.actor,
    action: 'credential.rotate_key',
    target: 'credentials',
    meta: { credentials: count, fromKeyId: currentKey.id, toKeyId: newKey.id },
  });
  return { credentials: count, fromKeyId: currentKey.id, toKeyId: newKey.id };
}

function openRow(key: MasterKey, row: CredentialRow): string {
  return open(key, sealedOf(row), { aad: credentialAad(row.name), what: `credential '${row.name}'` });
}
