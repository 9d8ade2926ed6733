import { type Strength, set } from './person-slot-value.ts';

/** Field keys that name a person (`customer_name`, `Emergency contact`, `signed_by`) for person-slots.ts. */

/** Nouns for a person that head a field key: "customer", "billing_recipient", "signed_by". */
const STRONG_HEADS = set(`
  customer client recipient sender author assignee reporter attendee guest patient passenger
  employee addressee consignee cardholder holder beneficiary payee applicant tenant requester
  requestor signer signatory
`);
const WEAK_HEADS = set('contact user username owner agent member courier');
/** Keys for a name: "name", "surname"; with a qualifier a person's ("first_name", "customer name"). */
const NAME_HEADS = set('name surname names firstname lastname fullname');
/** Words before a person noun that keep it one: "emergency contact", "billing recipient". */
const ROLE_QUALIFIERS = set('primary secondary emergency billing shipping main account assigned');
/** Words before "name" that make it a person's: "full_name", "customer_name". */
const QUALIFIERS = set(`
  full first last given family middle display legal maiden preferred nick customer client
  recipient sender contact patient passenger guest employee driver card billing
  shipping primary emergency
`);
/** A key's parts: "billing_recipient" → billing, recipient; "firstName" → first, name. */
function keyParts(key: string): string[] {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter((p) => p !== '');
}

const keyCache = new Map<string, Strength | null>();

/** Whether a field key names a person, and how surely (cached: a text repeats its few keys). */
export function keyStrength(key: string): Strength | undefined {
  let known = keyCache.get(key);
  if (known === undefined) {
    known = readKey(key) ?? null;
    if (keyCache.size > 1024) keyCache.clear();
    keyCache.set(key, known);
  }
  return known ?? undefined;
}

function readKey(key: string): Strength | undefined {
  const parts = keyParts(key);
  const head = parts[parts.length - 1];
  if (head === undefined || parts.length > 3) return undefined;
  const earlier = parts.slice(0, -1);
  // "signed_by", "approved by": a person did it.
  if (head === 'by') return parts.length === 2 && /ed$/.test(parts[0] as string) ? 'weak' : undefined;
  if (NAME_HEADS.has(head) && earlier.length > 0)
    return earlier.every((p) => QUALIFIERS.has(p)) ? 'strong' : undefined;
  // "emergency contact", "billing recipient"; not "User-Agent" or "user_contact".
  if (!earlier.every((p) => ROLE_QUALIFIERS.has(p))) return undefined;
  if (STRONG_HEADS.has(head)) return 'strong';
  if (head === 'driver') return earlier.length > 0 ? undefined : 'hint';
  // "name" alone may be a tool's or a package's.
  return WEAK_HEADS.has(head) || NAME_HEADS.has(head) ? 'weak' : undefined;
}

const KEY_CHAR = /[A-Za-z_.-]/;
/** Words that may precede a key in a sentence without changing whose name it is: "the customer:". */
const KEY_OPENERS = set('the a an your my our their his her this');

/**
 * The strength of the key ending at `end`: "customer_name", "Emergency contact", "the recipient";
 * not "Product name" or "file name", which are some other thing's names.
 */
export function keyBefore(text: string, end: number): Strength | undefined {
  let k = end;
  const words: string[] = [];
  while (words.length < 3) {
    const wordEnd = k;
    while (k > 0 && wordEnd - k < 32 && KEY_CHAR.test(text[k - 1] as string)) k--;
    if (k === wordEnd) break;
    words.unshift(text.slice(k, wordEnd));
    if (text[k - 1] !== ' ' || k < 2 || !KEY_CHAR.test(text[k - 2] as string)) break;
    k--;
  }
  // Drop words before the key from the left until the rest is a key made of qualifiers and a head.
  for (let w = 0; w < words.length; w++) {
    const strength = keyStrength(words.slice(w).join(' '));
    if (strength)
      return w === 0 || KEY_OPENERS.has((words[w - 1] as string).toLowerCase()) ? strength : undefined;
  }
  return undefined;
}
