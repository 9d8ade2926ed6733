/**
 * A form line that declares its value an address: "Address: Knockanore, Ballyduff, Co. Kerry, V92
 * XH36", "Shipping address = 221 Lê Lợi, Phường 3, Đà Lạt". The label says what the value is, so
 * a value in a shape none of the street finders knows (a rural townland, a format of a country
 * they do not cover) is still an address. It is the fallback: the caller uses it only where no
 * finder found anything on the line, or around what was found. The label must be capitalised, as a
 * form writes it (a config's `address: 'localhost'` is a host). The value must look like an
 * address, not a note or a rule about one ("see below", "siehe Anlage 2", "required, max 100
 * characters") nor a network, memory or wallet address: a number in it and three comma-separated
 * parts.
 */

import { foldName, isEnglishWord } from './names-lexicon.ts';

export interface LabelledAddress {
  start: number;
  end: number;
  score: number;
}

const KIND =
  '(?:home|shipping|billing|mailing|delivery|postal|street|current|permanent|residential|business|office|return|registered|full|new|old)';
// The label as a form writes it: capitalised ("Address:", "Shipping address:", "ADRESSE :"), not a
// config key ("address: 'localhost'"); a qualifier word before the foreign ones ("Teslimat adresi",
// "Ancienne adresse") but no memory, wallet, server or IP address.
const LABEL = String.raw`(?:(?:${KIND}[ \t_]+)?address|(?:(?!(?:ip|server|sunucu|wallet|carteira|cüzdan|memory|memoria|rete|netzwerk)\b)\p{L}+[ \t]+)?(?:anschrift|adresse|direcci[oó]n|endere[cç]o|indirizzo|adres|adresi|osoite|adresa)(?:[ \t]+(?:de|di|da|do)[ \t]+(?:entrega|livraison|consegna|correspondance|facturaci[oó]n|envio|envío|domicilio|residencia)\b)?)`;
// The label opens its line (after a bullet or markup) and a colon or equals sign ends it.
const LINE = new RegExp(
  String.raw`^[>*•·-]?[ \t]?(?:\*\*)?(?=\p{Lu})${LABEL}(?:\*\*)?[ \t]*(?:\([^)\n]{0,30}\))?[ \t]*[:=][ \t]*(?:\*\*)?[ \t]*([^\n]{8,160})$`,
  'gimu',
);
const VALUE_END = /(?<=\d|\p{Ll}{4,})\.[ \t]+(?=\p{Lu})|[ \t]+\|[ \t]|;[ \t]|\t/u;
const HINT = /address|anschrift|adresse|direcci|endere|indirizzo|adres|osoite/i;
// A note, not an address: "N/A", "see below", "same as billing", "TBD", "siehe Anlage 2", "ver
// anexo 1", a form's rule ("required, max 100 characters"), a to-do ("Address: 3 points raised").
const NOTE =
  /^(?:n\/?a|none|unknown|tbd|tba|same\b|see\b|as\b|please\b|not\b|no\b|on file|redacted|\[|siehe|ver\b|vedi|voir|zie\b|se\b|wird|se confirma|line \d|street,)/i;
const NOTE_WORDS =
  /\b(?:required|optional|obligatori[oa]|obbligatorio|obrigat[oó]rio|pflichtfeld|zorunlu|max(?:imum|imo)?\.?|m[aá]ximo|m[ií]nimo|characters?|caracteres|caratteri|zeichen|karakter|lignes?|anlage|anexo|allegato|attach(?:ed|ment)|pi[eè]ce jointe|raised|feedback|review(?:er)?|comments?|issue|sheet\d*|column|appendix|section|paragraph|chr\d+)\b/i;
// Network, memory and wallet addresses: a link, an e-mail, a host and port, IPv4 or IPv6, hex, or
// a long run of letters and digits (bech32, base58).
const NAME_WORD = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'’-]*/gu;
const NOT_AN_ADDRESS =
  /@|:\/\/|www\.|0x[\da-f]|\b[\da-f]{2}(?::[\da-f]{2}){3,}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[\da-f]{1,4}(?::[\da-f]{0,4}){2,}|\b(?:localhost|[\w-]+\.[\w.-]+):\d{2,5}\b|\b[\w-]+\.(?:com|net|org|io|dev|local|internal|cloud|app|svc)\b|\b[\da-f]{8,}\b|\b[A-Za-z\d]{25,}\b/i;

export function findLabelledAddresses(text: string): LabelledAddress[] {
  if (!HINT.test(text)) return [];
  const found: LabelledAddress[] = [];
  for (const m of text.matchAll(LINE)) {
    const raw = m[1] as string;
    // The value ends at a sentence's end ("17 rijksweg 145. VAT no. GB 123"; not "St. Ulric"), a
    // field separator, or trailing markup and punctuation.
    const cut = VALUE_END.exec(raw);
    const trimmed = (cut ? raw.slice(0, cut.index) : raw).replace(/[\s*_,;]+$/u, '');
    // A final stop ends the sentence, except after an initial ("Bogotá D.C.").
    const value = /(?:^|[.\s])\p{Lu}\.$/u.test(trimmed) ? trimmed : trimmed.replace(/[\s*_.,;]+$/u, '');
    if (NOTE.test(value) || NOTE_WORDS.test(value) || NOT_AN_ADDRESS.test(value)) continue;
    // An address's parts: a number (house, postcode), and either three comma-separated parts with
    // two names in them ("Use 2 lines, no abbreviations, include unit" and "pending, 2 options, …"
    // have none) or a short value with a name that is no English word ("Hedemannstasse 15",
    // "56 San Andrés 70"; not "3 points raised by the reviewer").
    if (!/\d/.test(value)) continue;
    const names = value.match(NAME_WORD) ?? [];
    const parts = value.split(',').length >= 3 && names.length >= 2;
    const short =
      value.split(/\s+/).length <= 6 && names.some((n) => !isEnglishWord(foldName(n.toLowerCase())));
    if (!parts && !short) continue;
    if (!/\p{L}{3}/u.test(value)) continue;
    const start = m.index + m[0].length - raw.length;
    found.push({ start, end: start + value.length, score: 0.85 });
  }
  return found;
}
