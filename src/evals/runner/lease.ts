import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who is running an experiment: `host:pid:nonce`. A lease is renewed by a heartbeat; another
 * process may take it over when it expired, or at once when the holder was a process on this
 * host that no longer exists (a crashed run resumes without waiting out the lease).
 */

export const LEASE_MS = 30_000;
export const HEARTBEAT_MS = 5_000;

export function newHolder(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** True when `holder` names a process on this host that has exited. */
export function holderIsGone(holder: string | null): boolean {
  if (holder === null) return true;
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}
