/**
 * Colombia's grid addresses (also used in parts of Venezuela and Ecuador): the way and its number,
 * then "#" or "No." and the cross street's number, a dash and the door's distance from the corner:
 * "Calle 93 # 13-45", "Carrera 7 No. 71-21", "Cra. 15 #88-64", "Av. Calle 26 # 59-51", "Diagonal
 * 40A Bis # 20-16", "Transversal 5 Nº 3-20". The shape is specific enough to stand alone; the
 * caller reads the flat and town after it ("…, apartamento 601, Bogotá").
 */

export interface GridAddress {
  start: number;
  end: number;
  score: number;
}

const WAY = String.raw`(?:(?:Av(?:enida)?\.?[ \t]+)?(?:Calle|Carrera|Transversal|Diagonal|Avenida|Circular|Autopista)|Cl|Cll|Cra|Kr|Kra|Tv|Trv|Dg|Diag|Ak|Ac|Av)\.?`;
const WAY_NUMBER = String.raw`\d{1,3}[ \t]?[A-Z]?(?:[ \t]+(?:Bis|bis|BIS))?(?:[ \t]?[A-Z])?(?:[ \t]+(?:Sur|Este|sur|este))?`;
const MARK = String.raw`(?:#|No\.?|N[°º]\.?|Nro\.?|Número)`;
const DOOR = String.raw`\d{1,3}[ \t]?[A-Z]?[ \t]?[-–][ \t]?\d{1,3}[A-Z]?(?:[ \t]+(?:Sur|Este|sur|este))?`;
const GRID = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${WAY}[ \t]+${WAY_NUMBER}[ \t]*${MARK}[ \t]*${DOOR}(?![\p{L}\p{N}])`,
  'giu',
);
const HINT = /[#º°]|No|Nro|Número/i;
const UPPER = /\p{Lu}/u;

export function findGridAddresses(text: string): GridAddress[] {
  if (!HINT.test(text)) return [];
  const found: GridAddress[] = [];
  const lowerText = !UPPER.test(text);
  for (const m of text.matchAll(GRID)) {
    // Capitalised, as a way's name is, unless the whole text is typed in lower case: "the diagonal
    // 5 # 3-2 of the matrix" is prose.
    if (!lowerText && !UPPER.test(m[0][0] as string)) continue;
    found.push({ start: m.index, end: m.index + m[0].length, score: 0.9 });
  }
  return found;
}
