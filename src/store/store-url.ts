import { existsSync } from 'node:fs';
import { KeelError } from '../errors/index.ts';

export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * `sqlite:PATH` (`sqlite::memory:` for a throwaway database; `sqlite:///abs/path` is accepted as
 * well) or `postgres://…` / `postgresql://…`. Messages never echo the URL: it may hold a password.
 */
export function parseStoreUrl(url: string): StoreTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    let path = trimmed.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') {
      throw new KeelError('config_invalid', 'store.url sqlite: needs a file path, e.g. sqlite:.keel/keel.db');
    }
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(trimmed)) return { kind: 'postgres', url: trimmed };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  const got = scheme ? `a '${scheme}:' URL` : 'no scheme';
  throw new KeelError(
    'config_invalid',
    `store.url must be sqlite:PATH (e.g. sqlite:.keel/keel.db) or postgres://user@host:5432/db; got ${got}`,
  );
}

/**
 * Refuses a SQLite file that does not exist yet, so a command reading the store says so instead of
 * leaving an empty database behind at a mistyped path; `hint` says what to do instead.
 */
export function assertStoreExists(target: StoreTarget, hint: string): void {
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw new KeelError('store_unavailable', `no database at ${target.path} (${hint})`);
  }
}
