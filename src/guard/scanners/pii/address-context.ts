/**
 * Phrases before a place that say an address follows, shared by the street-line scorer
 * (detect-address.ts) and the streets named without a type word (address-named-street.ts).
 */

// "address" as a noun: opening a line, a label or a field ("Address:", "billing_address="), or
// after a determiner or an address kind ("my address is", "the shipping address"). Not the verb
// ("will address the mood on Wall Street", "it addresses sin"), not "email address", "IP address".
const ADDRESS_NOUN = String.raw`(?<!\b(?:e-?mail|ip|ipv[46]|web|mac|url|wallet|memory|sender|reply)[\s_])(?:(?<=^|[\n:;,.!?(\[{"'*|>=#-][ \t]*)|(?<=\b(?:my|your|his|her|our|their|its|the|this|that|these|those|new|old|current|home|work|office|shipping|billing|mailing|delivery|postal|street|return|registered|forwarding|physical|permanent|residential|full|correct|exact|updated|whose|an|same|different|following|which|what)[ \t]+)|(?<=_))address(?:es)?\b`;

// The same in the languages whose formats the street finders know: "vivo en", "abito in", "ich
// wohne in der", "j'habite au", "ik woon op", "moro na", "bor på"; "mi dirección es", "meine
// Adresse ist", "mon adresse est", "il mio indirizzo è", "mijn adres is", "meu endereço é".
const FOREIGN_DWELLING = String.raw`\b(?:vivo|vivimos|abito|abitiamo|moro|moramos|wohne|wohnen|woon|wonen|habite|habitons|bor|asun)[ \t]+(?:en|in|a|al|alla|nella|na|no|em|im|am|an|in[ \t]+der|auf[ \t]+der|op|aan|au|aux|à|à[ \t]+la|i|på)|\b(?:mi|la[ \t]+mia|il[ \t]+mio|mio|meine|mon|ma|mijn|meu|minha)[ \t]+(?:direcci[oó]n|indirizzo|adresse|adres|endere[cç]o|morada)[ \t]+(?:es|è|ist|est|is|é)`;

// "my address is", "Address:", "addresses, here they are:": an address follows. So does a
// shipping label opening its line: "Ship to: 221 Lê Lợi, …", "Deliver to - 5 Rue X".
export const ADDRESS_WORD = new RegExp(
  String.raw`${ADDRESS_NOUN}[^.?!\n]{0,30}$|(?:^|[\n|;])[ \t]*(?:ship(?:ping)?|deliver(?:y)?|bill(?:ing)?|mail(?:ing)?)[ \t]+to[ \t]*[:\-–][ \t]*$`,
  'i',
);
// Phrases that put a place next: "my address is", "office is at", "send it to", "taxi to", "I live
// in", "resides at", "visit us at", "pick me up at", "come to", "moved from", a "Residence:" label
// (not "Location:", which leads to venues as often: "Location: Hall 4, Messe Berlin").
const ENGLISH_PHRASES = String.raw`${ADDRESS_NOUN}[^.?!\n]{0,30}|\b(?:live[sd]?|living|located|situated|based|headquartered|resid(?:e|es|ed|ing)|office\s+is|is|are|meet(?:\s+me)?|meeting|stay(?:s|ed|ing)?)\s+(?:at|in|on)|\b(?:visit|find|reach)\s+(?:us|me|him|her|them)\s+at|\b(?:pick|drop)\s+(?:\w+\s+)?(?:up|off)\s+(?:at|from)|\b(?:moved?|moving|ship(?:ped|s)?|deliver(?:ed|y)?|mail(?:ed)?|send|sent|return(?:ed)?|taxi|cab|ride|post(?:ed)?|forward(?:ed)?|come|go|drive|head|walk|directions)\b[^.?!\n]{0,25}?\s+to|\b(?:moved|moving|shipped|sent|coming)\s+from|\b(?:home|house|flat|apartment|residence)\s+is|\bit'?s\s+in|\bhere\s+(?:they\s+are|it\s+is)|\b(?:residence|domicile)[ \t]*[:=]`;
export const CONTEXT = new RegExp(String.raw`(?:${ENGLISH_PHRASES}|${FOREIGN_DWELLING})[\s:,"'-]*$`, 'i');
// Without the foreign phrases: the finder of streets with no type word, where "abito in
// Trastevere 2", "ich wohne in Wien 3" and "ik woon in Blok 4" name districts and buildings.
const ENGLISH_CONTEXT = new RegExp(String.raw`(?:${ENGLISH_PHRASES})[\s:,"'-]*$`, 'i');

/** A verb of living or working somewhere ("lives", "based", "moved"), shared by the finders' phrases. */
export const DWELLING_VERB = String.raw`\b(?:live[sd]?|living|resid(?:e|es|ed|ing)|located|based|moved|moving)`;
/** Such a verb and its preposition right before the place: "lives in", "based at", "moved to", "lives on". */
export const DWELLING_BEFORE = new RegExp(
  String.raw`${DWELLING_VERB}[ \t]+(?:in(?:to)?|at|to|on|off)[ \t]+$`,
  'i',
);

/**
 * 2 after "address", 1 after another phrase that puts a place next, 0 otherwise. `englishOnly`
 * leaves out the phrases of other languages.
 */
export function contextBefore(text: string, start: number, englishOnly = false): number {
  const before = text.slice(Math.max(0, start - 60), start);
  if (!(englishOnly ? ENGLISH_CONTEXT : CONTEXT).test(before)) return 0;
  return ADDRESS_WORD.test(before) ? 2 : 1;
}
