import type { Logger } from '../../log/index.ts';

/**
 * A warning that can repeat on every request (Redis down) is logged at most once per interval,
 * with how many were suppressed since the last one.
 */
export function throttledWarn(
  logger: Logger,
  intervalMs = 10_000,
): (fields: Record<string, unknown>, message: string) => void {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (fields, message) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    last = now;
    logger.warn({ ...fields, suppressed }, message);
    suppressed = 0;
  };
}
