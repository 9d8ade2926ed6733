/**
 * Counters hold money as whole nano-dollars (1e-9 USD): integer adds are exact in both stores
 * (Redis HINCRBY, JS numbers up to 2^53 ≈ $9 million per counter), so the reserved sum returns to
 * exactly 0 when every reservation is settled — float sums would drift.
 */
export const NANO_PER_USD = 1e9;

/** A settled amount: nearest nano-dollar. */
export function toNano(usd: number): number {
  return Number.isFinite(usd) && usd > 0 ? Math.round(usd * NANO_PER_USD) : 0;
}

/** A reservation or cap: rounded up, so rounding never lets a request through that should not pass. */
export function toNanoCeil(usd: number): number {
  if (!Number.isFinite(usd) || usd <= 0) return 0;
  // 1e-6 nano absorbs float noise (0.3 * 1e9 = 300000000.00000006) without losing a real nano-dollar.
  return Math.ceil(usd * NANO_PER_USD - 1e-6);
}

/** A budget cap: rounded down (a $0.1 budget is never 100000000.00000001 nano). */
export function toNanoFloor(usd: number): number {
  if (!Number.isFinite(usd) || usd <= 0) return 0;
  return Math.floor(usd * NANO_PER_USD + 1e-6);
}

export function fromNano(nano: number): number {
  return nano / NANO_PER_USD;
}

/** Whole, non-negative token counts (a negative or fractional estimate is a bug, not a credit). */
export function wholeTokens(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
