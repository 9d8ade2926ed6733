/**
 * The words the street-by-name finders (address-named-street.ts) read types and prepositions by:
 * English type words, venue words, the plain way words English-named streets may end in, and the
 * prepositions and phrases that lead to a way. Split from address-named-street.ts.
 */

/** English type words after the name, compared in lower case ("Straße" is in FOREIGN_SUFFIX). */
export const EN_TYPES = new Set(
  `street road avenue boulevard lane drive terrace crescent parkway highway way place court close row alley mews
  circle grove gardens trail square loop pike turnpike expressway freeway walk path heights trace trafficway
  stravenue skyway throughway viaduct gateway bypass glens ridges vista vale lea brow wynd drove fold croft
  dene garth brae`.split(/\s+/),
);
/**
 * Weaker type words that name a venue, a station or a landscape at least as often as a street:
 * "meet me at Fenway Park", "is at Shinjuku Station", "located at Daytona Beach". After a place
 * phrase they count only when the phrase is "address".
 */
export const VENUES = new Set(
  `station park parks field fields beach springs spring valley valleys village villages mountain mountains
  island islands isle lake lakes river club lodge mill mills harbor harbour port ports point points
  forest falls ranch mission lights shore shores pines plains`.split(/\s+/),
);
/** Capitalised words that may follow a street without extending its name: "Bezrukov Street St.", "… Road I". */
export const CONTINUES = new Set(['st', 'i', 'n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']);

/**
 * Type words that name a public way and little else. After a preposition that only leads to a
 * way ("walking towards Gorse Hill Road", "just off Chapel Lane"), a capitalised name of English words before one of them is a street too; famous streets
 * that stand for something else are left out by the caller (address-famous.ts).
 */
export const PLAIN_TYPES = new Set('street road lane avenue crescent terrace mews st rd ave ln'.split(' '));
export const ABBREVIATED_TYPES = new Set(['st', 'rd', 'ave', 'ln']);
/**
 * Prepositions that lead to a way rather than to a venue, a town, a title or a product. After "on"
 * and "down" titles and products are as common ("on Google Drive", "on Thunder Road", "down Memory
 * Lane"): there the name must be two words or the type abbreviated ("the shop on Gorse Hill Road",
 * "the post office on Oxford St"), or a phrase about living there come first (placedStreet).
 */
export const WAY_PREPOSITION = /^(?:off|along|near|past|opposite|behind|towards?)[ \t]/i;
export const ON_PREPOSITION = /^(?:on|onto|down)[ \t]/i;
/** How freely English names count after a preposition: not at all, "on"-like, or way-like. */
export type EnglishNames = 0 | 1 | 2;
