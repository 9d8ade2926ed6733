import type { Tok } from './address-tokens.ts';

/**
 * P.O. boxes as national posts write them, matched as the words right before the box number. Some
 * box words are also everyday words or abbreviations ("Box 3 of 10", "BP 120/80", "apartado 2" =
 * section 2), so they count for less and need a postcode or a country after them.
 */

/** Word sequences, lower case and without full stops, and how much each says on its own. */
const PHRASES: [string, number][] = [
  ['p o box', 3],
  ['po box', 3],
  ['pobox', 3],
  ['p o b', 3],
  ['pob', 2],
  ['post office box', 3],
  ['gpo box', 3],
  ['private bag', 2],
  ['locked bag', 3],
  ['postfach', 3],
  ['postbus', 3],
  ['postboks', 3],
  ['postbox', 3],
  ['box', 1],
  ['case postale', 3],
  ['boîte postale', 3],
  ['boite postale', 3],
  ['bp', 1],
  ['cp', 1],
  ['caixa postal', 3],
  ['cx postal', 3],
  ['casella postale', 3],
  ['apartado de correos', 3],
  ['apartado postal', 3],
  ['apartado', 2],
  ['apdo', 3],
  ['casilla de correo', 3],
  ['casilla', 2],
  ['skrytka pocztowa', 3],
  ['poštovní přihrádka', 3],
];

const STRENGTH = new Map(PHRASES);
const MAX_WORDS = Math.max(...PHRASES.map(([p]) => p.split(' ').length));

/** The words' last tokens, for the cheap check before a number (address-candidates.ts). */
export const BOX_LAST_WORDS: ReadonlySet<string> = new Set(
  PHRASES.map(([p]) => p.split(' ').at(-1) as string),
);

const bare = (t: Tok): string => t.lw.replace(/\./g, ' ').trim();

/** The box phrase ending right before the number at k: its first token and strength, or undefined. */
export function boxBefore(toks: readonly Tok[], k: number): { from: number; strength: number } | undefined {
  let best: { from: number; strength: number } | undefined;
  let name = '';
  for (let n = 1; n <= MAX_WORDS && k - n >= 0; n++) {
    const t = toks[k - n] as Tok;
    if (t.brk || t.kind !== 'word') break;
    name = n === 1 ? bare(t) : `${bare(t)} ${name}`;
    // Every phrase ends in the word before the number: most numbers stop here.
    if (n === 1 && !BOX_LAST_WORDS.has(name.slice(name.lastIndexOf(' ') + 1))) return undefined;
    const strength = STRENGTH.get(name);
    if (strength !== undefined) best = { from: k - n, strength };
  }
  return best;
}
