import { KeelError } from '../../errors/index.ts';
import type { SqlExecutor } from '../../spec/index.ts';
import type { Sealed } from './aead.ts';

/** What `list()` shows about a credential: never its value or ciphertext. */
export interface CredentialInfo {
  name: string;
  /** Id of the master key it is encrypted under. */
  keyId: string;
  createdAt: number;
  updatedAt: number;
}

export interface CredentialRow {
  name: string;
  key_id: string;
  nonce: string;
  ciphertext: string;
  created_at: number;
  updated_at: number;
  [column: string]: unknown;
}

export const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_SECRET_CHARS = 16 * 1024;

/** AAD binds each ciphertext to its credential's name. */
export const credentialAad = (name: string): string => `keel-credential:v1:${name}`;

export function assertCredentialName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !CREDENTIAL_NAME.test(name)) {
    throw new KeelError(
      'invalid_request',
      'credential name must be 1–128 characters of letters, digits, . _ - (starting with a letter or digit)',
      { param: 'name' },
    );
  }
}

export function assertSecretValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new KeelError('invalid_request', 'the credential value must be a non-empty string', {
      param: 'value',
    });
  }
  if (value.length > MAX_SECRET_CHARS) {
    throw new KeelError(
      'invalid_request',
      `the credential value is longer than ${MAX_SECRET_CHARS} characters`,
      {
        param: 'value',
      },
    );
  }
  // A NUL or line break inside an API key is a paste accident; sent as a header it would fail oddly.
  if (/\p{Cc}/u.test(value)) {
    throw new KeelError(
      'invalid_request',
      'the credential value contains control characters (e.g. a line break)',
      {
        param: 'value',
      },
    );
  }
}

export const sealedOf = (row: CredentialRow): Sealed => ({
  keyId: row.key_id,
  nonce: row.nonce,
  ciphertext: row.ciphertext,
});

export const infoOf = (row: CredentialRow): CredentialInfo => ({
  name: row.name,
  keyId: row.key_id,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export async function readCredentials(sql: SqlExecutor): Promise<CredentialRow[]> {
  return sql.query<CredentialRow>(
    'SELECT name, key_id, nonce, ciphertext, created_at, updated_at FROM access_credentials ORDER BY name',
  );
}

export async function countCredentials(sql: SqlExecutor): Promise<number> {
  const [row] = await sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM access_credentials');
  return Number(row?.n ?? 0);
}
