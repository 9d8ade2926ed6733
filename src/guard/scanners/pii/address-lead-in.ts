/**
 * What a street found by its name may have in front of it that belongs to the address: a flat,
 * plot or suite ("Plot 1102, Adeola Odeku Street", "Flat 3, Gordon Street") and the US police
 * style of placing an event within a hundred-number block ("the 1400 block of Ridgeway Avenue").
 * The house-number finders read these themselves; streets named alone get them here.
 */

// Capitalised, as a line of an address block writes them; a value with a digit; a comma or not.
const UNIT_BEFORE =
  /(?:^|(?<=[\s(:;,]))(?:Flat|Apt\.?|Apartment|Suite|Ste\.?|Unit|Plot|Shop|Villa|Block|Bldg\.?|Building|Office)[ \t]*(?:No\.?[ \t]*)?#?\d[\dA-Za-z/-]{0,6},?[ \t]+$/;
const HUNDRED_BLOCK = /\b\d{1,3}00[ \t]+block[ \t]+of[ \t]+$/i;

/** Where the address starts when something of it stands right before the street at `start`. */
export function leadIn(text: string, start: number): number {
  const before = text.slice(Math.max(0, start - 40), start);
  const m = UNIT_BEFORE.exec(before) ?? HUNDRED_BLOCK.exec(before);
  return m ? start - (before.length - m.index) : start;
}
