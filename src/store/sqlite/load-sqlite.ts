/**
 * Loads node:sqlite without its one-time "SQLite is an experimental feature" ExperimentalWarning.
 * Node emits that warning through process.emitWarning while the builtin initialises; filtering
 * exactly that message for the duration of one synchronous load is the narrowest fix (the
 * alternative, --disable-warning=ExperimentalWarning, would hide every experimental warning and
 * must be passed on every command line). Node warns once per process, so later loads are silent.
 */
type SqliteModule = typeof import('node:sqlite');

let cached: SqliteModule | undefined;

function isSqliteWarning(warning: unknown, rest: unknown[]): boolean {
  const message = warning instanceof Error ? warning.message : String(warning);
  const type = warning instanceof Error ? warning.name : rest[0];
  const typeName = typeof type === 'object' && type !== null ? (type as { type?: unknown }).type : type;
  return typeName === 'ExperimentalWarning' && message.startsWith('SQLite is an experimental feature');
}

export function loadSqlite(): SqliteModule {
  if (cached) return cached;
  const original = process.emitWarning;
  const filtered = function (this: unknown, warning: unknown, ...rest: unknown[]) {
    if (isSqliteWarning(warning, rest)) return;
    return Reflect.apply(original, process, [warning, ...rest]);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  try {
    cached = process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = original;
  }
  return cached;
}
