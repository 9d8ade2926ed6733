/**
 * Streets famous enough to stand for something else: a market ("Dalal Street rallied"), a trade
 * ("Harley Street doctors", "Savile Row suits", "Madison Avenue ad agencies"), a government
 * ("Downing Street said"), a song or a story. Named alone, without a house number, they say nothing
 * about where a person lives, so the street-by-name finders leave them out; with a number ("221B
 * Baker Street", "10 Downing Street") the street finder still reads them as addresses. Streets
 * whose name is an English word ("Wall Street", "Fleet Street", "Abbey Road") are already left out
 * by the English-word guard of those finders.
 */
const FAMOUS = new Set(
  [
    'dalal street',
    'harley street',
    'savile row',
    'downing street',
    'madison avenue',
    'pennsylvania avenue',
    'threadneedle street',
    'lombard street',
    'carnaby street',
    'bourbon street',
    'beale street',
    'rodeo drive',
    'baker street',
    'penny lane',
    'abbey road',
    'wall street',
    'fleet street',
    'bay street',
    'sesame street',
    'electric avenue',
    'coronation street',
    'jump street',
    'elm street',
    'haight street',
    'la rambla',
    'champs-élysées',
    'avenue des champs-élysées',
    'via veneto',
    'kurfürstendamm',
    'nevsky prospekt',
    // Idioms and titles: "a trip down Memory Lane", "living on Easy Street".
    'memory lane',
    'easy street',
    'skid row',
    'tin pan alley',
    'lovers lane',
    "lover's lane",
    'silk road',
    'yellow brick road',
    'fast lane',
    'k street',
    'grub street',
    'struggle street',
    'civvy street',
    'quality street',
    'rocky road',
    'thunder road',
    'rainbow road',
    'old town road',
    'park lane',
    'top lane',
    'mid lane',
    'bot lane',
    'pit lane',
  ].map((s) => s.normalize('NFC')),
);

const FULL_TYPE: Readonly<Record<string, string>> = {
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  rd: 'road',
  ln: 'lane',
  dr: 'drive',
  blvd: 'boulevard',
};

/** The span is one of the famous streets, in any case and spacing, its type word abbreviated or not. */
export function isFamousStreet(text: string, start: number, end: number): boolean {
  let name = text.slice(start, end).toLowerCase().replace(/\s+/g, ' ').normalize('NFC');
  if (name.endsWith('.')) name = name.slice(0, -1);
  const space = name.lastIndexOf(' ');
  const type = FULL_TYPE[name.slice(space + 1)];
  return FAMOUS.has(type && space > 0 ? `${name.slice(0, space)} ${type}` : name);
}
