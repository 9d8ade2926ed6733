import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectEmails, EMAIL } from './detect-contact.ts';
import { detectPii } from './pii-scanner.ts';

const phones = (text: string): string[] =>
  detectPii(text)
    .filter((s) => s.type === 'PHONE_NUMBER')
    .map((s) => text.slice(s.start, s.end));

test('phone numbers in national and international formats, whole', () => {
  for (const phone of [
    '+33 (0)1 23 45 67 89',
    '(0151) 1234567',
    '8 (912) 345-67-89',
    '+61 2 1234 5678',
    '1-415-555-0132',
    '+81 3-1234-5678',
    '(06-1) 234 5678',
    '(+44) 20 7946 0958',
    '+34 912345678',
    '8 912 345 67 89',
    '001-415-555-0132x123',
    '+55 (11) 91234-5678',
  ]) {
    assert.deepEqual(phones(`You can reach me at ${phone} any time.`), [phone], phone);
  }
});

test('bare digit runs are phones only with phone words, not "number" alone', () => {
  assert.deepEqual(phones('call me on 4155550132'), ['4155550132']);
  assert.deepEqual(phones("my driver's license number is 425700624"), []);
  assert.deepEqual(phones('ids 1234567890 and 9876543210 in the table'), []);
  // "my number" and "text me" can only mean a phone; "my account number" cannot.
  assert.deepEqual(phones('my number is 13800138000'), ['13800138000']);
  assert.deepEqual(phones('Text me (4155550132)'), ['4155550132']);
  assert.deepEqual(phones('Contact: Jane, 4155550132, jane@example.com'), ['4155550132']);
  assert.deepEqual(phones('my account number is 123456789'), []);
});

test('a reference number after a phone word is not a phone', () => {
  for (const text of [
    'Contact support, ticket 123456789',
    'Call about claim 123-456-7890',
    'customer number 4155550132',
    'Phone us with booking no. 123 456 7890',
  ]) {
    assert.deepEqual(phones(text), [], text);
  }
  assert.deepEqual(phones('Customer: 020 7946 0958'), ['020 7946 0958']);
});

test('benign number runs are not phones', () => {
  for (const text of [
    'the years 1990 2000 2010 were good',
    'The population grew from 1 200 000 to 1 500 000.',
    'version 10.0.19045 build',
    'coordinates 40.7128 -74.0060',
    'Order 12345 678 shipped',
  ]) {
    assert.deepEqual(phones(text), [], text);
  }
});

test('phone matching stays linear on hostile digit runs', () => {
  for (const hostile of ['+1 '.repeat(30_000), '8 (9) 1-2-3-4-5-6-7 '.repeat(5000), '1'.repeat(100_000)]) {
    const t0 = performance.now();
    detectPii(hostile, { entities: ['PHONE_NUMBER'] });
    assert.ok(performance.now() - t0 < 2000, `${hostile.slice(0, 12)}… took too long`);
  }
});

test('PII inside base64, hex and URL-encoded runs is found; the span is the whole run', () => {
  const email = 'jane.doe@example.com';
  const b64 = Buffer.from(`contact ${email} please`).toString('base64');
  const hex = Buffer.from(`mail ${email}`).toString('hex');
  for (const encoded of [b64, hex]) {
    const text = `payload: ${encoded} end`;
    const spans = detectPii(text);
    assert.deepEqual(
      spans.map((s) => [s.type, text.slice(s.start, s.end)]),
      [['EMAIL_ADDRESS', encoded]],
      encoded,
    );
  }
  // Encoded text without personal data, and random base64, is left alone.
  assert.deepEqual(detectPii(`x ${Buffer.from('just some ordinary words here').toString('base64')} y`), []);
  assert.deepEqual(detectPii('sha QmFzZTY0IGltYWdlIGJ5dGVzAAECAwQFBgcICQ== end'), []);
  assert.deepEqual(detectPii(`payload: ${b64}`, { decode: false }), []);
});

test('emails found from each "@" are exactly the matches of the full scan', () => {
  const full = (text: string) =>
    [...text.matchAll(EMAIL)]
      .filter((m) => !m[0].startsWith('.') && !m[0].includes('..'))
      .map((m) => ({ start: m.index, end: m.index + m[0].length, type: 'EMAIL_ADDRESS', score: 0.95 }));
  const cases = [
    'write to maria.lopez@example.com today',
    "it's o'brien@example.ie, 'quoted'@x.org and x'y@z.co",
    `${'a'.repeat(70)}@example.com and ${'b'.repeat(64)}@example.com`,
    `long'run${'c'.repeat(70)}'tail@example.com`,
    'a@b.com@c.org x@@y.io @start.com end@',
    'jоhn@exаmple.com (Cyrillic) and 𝒶𝒷@𝓍.com and 名前@例え.jp',
    '...@home.com and a..b@x.com and .a@x.com',
    'user+tag%1@sub.domain.co.uk,next@two.io;third@three.net',
  ];
  // Random strings over the characters that matter, so the shortcuts meet shapes nobody wrote down.
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const alphabet = ['a', 'B', '7', '.', '@', "'", '-', '_', '+', ' ', 'é', 'о', '𝒶', 'com', '.io', '\n'];
  for (let k = 0; k < 3000; k++) {
    let s = '';
    for (let i = Math.floor(rnd() * 40); i > 0; i--) s += alphabet[Math.floor(rnd() * alphabet.length)];
    cases.push(s);
  }
  for (const text of cases) assert.deepEqual(detectEmails(text), full(text), text);
});

test('many "@" signs cost no more than the text is long', () => {
  // Each "@" reads back at most its own run of local-part characters, whatever the script.
  for (const text of ['é@'.repeat(200_000), 'a@'.repeat(200_000), `${'é'.repeat(127)}@`.repeat(3_000)]) {
    const t0 = performance.now();
    detectEmails(text);
    const ms = performance.now() - t0;
    // ~20 ms when written; a reader that retries every position before each "@" took ~2.5 s.
    assert.ok(ms < 1500, `${text.slice(0, 4)}… ${ms.toFixed(0)} ms`);
  }
});

test('phone words in other languages give the same context as English ones', () => {
  for (const [text, phone] of [
    ['我的手机号是13800138000', '13800138000'],
    ['我叫王小明，电话13912345678', '13912345678'],
    ['Llámame al 612 345 678', '612 345 678'],
    ['Ruf mich an: 0171 1234567', '0171 1234567'],
    ['Chiamami al 347 123 4567', '347 123 4567'],
    ['전화번호는 010-1234-5678입니다', '010-1234-5678'],
  ]) {
    assert.deepEqual(phones(text as string), [phone], text);
  }
  // An order or account number stays one, also when "number" follows the word.
  for (const text of ['Order number 123 456 789', 'Account no 4155550132', '订单13800138000']) {
    assert.deepEqual(phones(text), [], text);
  }
});

test('a phone filling its own line or cell in a text with contact details is found without a cue', () => {
  assert.deepEqual(phones('Best regards,\nTeresa Walker\nConnotate\n449 4898'), ['449 4898']);
  assert.deepEqual(phones('Acme Corp,Gesäusestrasse 6,9320 7126,carolina@example.com'), ['9320 7126']);
  assert.deepEqual(phones('Sincerely,\nJason Hartmann\n88 165 40 96'), ['88 165 40 96']);
  // Not without contact details, not inside prose, not six digits, not a date.
  assert.deepEqual(phones('Totals\n449 4898\n5512 0091'), []);
  assert.deepEqual(phones('Best regards, we shipped 449 4898 units'), []);
  assert.deepEqual(phones('Best regards,\nJan\n33 93 31'), []);
  assert.deepEqual(phones('Best regards,\nJan\n2024 03 02'), []);
});

test('an area code in brackets opening the line after an address is the phone, not a district', () => {
  const text = 'Jan Berg\nAcme\n63 Ommerweg 159 Suite 287 Hellendoorn Saudi Arabia\n(03) 5327 5996';
  assert.deepEqual(phones(text), ['(03) 5327 5996']);
  const address = detectPii(text).find((s) => s.type === 'ADDRESS');
  assert.equal(
    address && text.slice(address.start, address.end),
    '63 Ommerweg 159 Suite 287 Hellendoorn Saudi Arabia',
  );
});
