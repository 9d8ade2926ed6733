/** Check-digit validation for numbers that look alike but are not what they seem. */

/** Luhn (mod 10) over the digits of `value`; non-digits are ignored. */
export function luhnValid(value: string): boolean {
  let sum = 0;
  let double = false;
  let count = 0;
  for (let i = value.length - 1; i >= 0; i--) {
    const code = value.charCodeAt(i) - 48;
    if (code < 0 || code > 9) continue;
    count++;
    let d = code;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return count > 0 && sum % 10 === 0;
}

/** Issuer prefixes (IIN ranges) of the major card networks, with their valid lengths. */
export function cardNetwork(digits: string): string | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16)
    return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16) return 'jcb';
  if ((p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) && n >= 14) return 'diners';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12) return 'maestro';
  if (p2 === 62 && n >= 16) return 'unionpay';
  return undefined;
}

/** IBAN lengths per country (ISO 13616 registry); unknown countries fall back to 15..34. */
// biome-ignore format: a compact table reads better than one entry per line
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27,
  GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24,
  ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24,
  TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** ISO 7064 mod-97-10 check of an IBAN (spaces ignored, case-insensitive). */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined ? iban.length !== expected : iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const val = code >= 65 ? code - 55 : code - 48;
    rem = val >= 10 ? (rem * 100 + val) % 97 : (rem * 10 + val) % 97;
  }
  return rem === 1;
}

/** US SSN validity: area not 000/666/9xx, group not 00, serial not 0000, and not a famous sample. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  const whole = `${area}${group}${serial}`;
  // Advertising/sample numbers that are invalid by SSA rules or publicly burned.
  if (whole === '078051120' || whole === '219099999' || whole === '123456789') return false;
  // All one digit (111-11-1111) is a placeholder, not a number someone holds.
  return !/^(\d)\1{8}$/.test(whole);
}
