import type { Tok } from './address-tokens.ts';

/**
 * Flats and staircases that national formats write right after the house number, with no unit
 * word to announce them, for the tail parser (address-tail.ts): Latvia's "Brīvības iela 74 - 12"
 * and Finland's staircase letter on a line of its own ("Sinikkakaari 944\nA\nRovaniemi").
 */

/**
 * "Brīvības iela 74 - 12, Rīga": Latvia writes the flat after the house number and a dash. The
 * flat is a short number standing alone in its part, right after a street that ends in its number.
 */
export function flatAfterDash(toks: readonly Tok[], ti: number, brk: string): Tok | undefined {
  const t = toks[ti];
  if (!t || toks[ti - 1]?.kind !== 'num' || !/^\s*[-–]\s*$/.test(brk)) return undefined;
  if (t.kind !== 'num' || !/^\d{1,4}[A-Za-z]?$/.test(t.w)) return undefined;
  return t.brk !== '' || ti === toks.length - 1 ? t : undefined;
}

/**
 * "Sinikkakaari 944\nA\nRovaniemi": Finland's staircase (porras) as one letter filling the line
 * after the house number; lower case only in text typed so. A letter alone proves little, so the
 * tail keeps it only when a town or more follows it.
 */
export function staircaseLine(toks: readonly Tok[], cut: boolean, lower: boolean): boolean {
  const t = toks[0];
  return (
    toks.length === 1 && !cut && t !== undefined && t.brk === '' && (lower ? /^[a-z]$/ : /^[A-Z]$/).test(t.w)
  );
}
