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

// Whole words in any case; abbreviations only with their stop or in the forms no other word has
// ("TV 2 # 3-1 in the ratings", "AC 3 No. 12-5" and "Carrera 4" the Porsche are no streets).
const WAY = String.raw`(?:(?:[Aa]v(?:enida)?\.?[ \t]+)?(?:[Cc]alle|[Cc]arrera|[Tt]ransversal|[Dd]iagonal|[Aa]venida|[Aa]utopista)|(?:Cl|Kr|Tv|Dg|Ak|Ac|Av)\.|Cra\.?|Cll\.?|Kra\.?|Trv\.?|Diag\.?)`;
const WAY_NUMBER = String.raw`\d{1,3}[ \t]?[A-Z]?(?:[ \t]+(?:Bis|bis|BIS))?(?:[ \t]?[A-Z])?(?:[ \t]+(?:Sur|Este|sur|este))?`;
const MARK = String.raw`(?:#|[Nn]o\.?|[Nn][°º]\.?|[Nn]ro\.?|[Nn]úmero)`;
// The door's distance from the corner has two or three digits: "13-45", "3-20"; "3-1" and "2-0" are scores.
const DOOR = String.raw`\d{1,3}[ \t]?[A-Z]?[ \t]?[-–][ \t]?\d{2,3}[A-Z]?(?:[ \t]+(?:Sur|Este|sur|este))?`;
const GRID = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${WAY}[ \t]+${WAY_NUMBER}[ \t]*${MARK}[ \t]*${DOOR}(?![\p{L}\p{N}])`,
  'gu',
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
