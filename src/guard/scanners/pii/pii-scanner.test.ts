import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cardNetwork, ibanValid, luhnValid, ssnValid } from './checksums.ts';
import { createPiiScanner, detectPii } from './pii-scanner.ts';
import type { PiiEntity } from './types.ts';

const types = (text: string): PiiEntity[] => detectPii(text).map((s) => s.type);
const found = (text: string, type: PiiEntity): string[] =>
  detectPii(text)
    .filter((s) => s.type === type)
    .map((s) => text.slice(s.start, s.end));

describe('checksums', () => {
  test('Luhn and card networks', () => {
    assert.equal(luhnValid('4111111111111111'), true);
    assert.equal(luhnValid('4111111111111112'), false);
    assert.equal(cardNetwork('4111111111111111'), 'visa');
    assert.equal(cardNetwork('378282246310005'), 'amex');
    assert.equal(cardNetwork('1234567812345678'), undefined);
  });
  test('IBAN mod-97 and country length', () => {
    assert.equal(ibanValid('GB82 WEST 1234 5698 7654 32'), true);
    assert.equal(ibanValid('DE89370400440532013000'), true);
    assert.equal(ibanValid('GB82WEST12345698765433'), false);
    assert.equal(ibanValid('DE8937040044053201300'), false, 'wrong length for DE');
  });
  test('SSN validity rules', () => {
    assert.equal(ssnValid('123', '45', '6780'), true);
    for (const [a, g, s] of [
      ['000', '12', '3456'],
      ['666', '12', '3456'],
      ['900', '12', '3456'],
      ['123', '00', '4567'],
      ['123', '45', '0000'],
      ['078', '05', '1120'],
    ] as const) {
      assert.equal(ssnValid(a, g, s), false, `${a}-${g}-${s}`);
    }
  });
});

describe('PII detection', () => {
  test('email, including zero-width characters and homoglyph domains', () => {
    assert.deepEqual(found('write to jane.doe@example.com today', 'EMAIL_ADDRESS'), ['jane.doe@example.com']);
    const zw = 'write to jane\u200b.doe@exa\u200dmple.com today';
    assert.deepEqual(found(zw, 'EMAIL_ADDRESS'), ['jane\u200b.doe@exa\u200dmple.com']);
    assert.deepEqual(
      found('mail jоhn@exаmple.com now', 'EMAIL_ADDRESS'),
      ['jоhn@exаmple.com'],
      'Cyrillic о/а',
    );
  });

  test('phone numbers in international formats', () => {
    for (const phone of [
      '+1 415-555-0132',
      '+44 20 7946 0958',
      '(415) 555-0132',
      '+4915112345678',
      '415.555.0132',
    ]) {
      assert.deepEqual(found(`call me on ${phone} please`, 'PHONE_NUMBER'), [phone], phone);
    }
    assert.deepEqual(
      found('Phone: 782 2652', 'PHONE_NUMBER'),
      ['782 2652'],
      'short local number with context',
    );
    assert.deepEqual(found('office 877-547-3967x793 fax', 'PHONE_NUMBER'), ['877-547-3967x793']);
  });

  test('cards, IBANs, SSNs, IPs', () => {
    assert.deepEqual(found('card 4111 1111 1111 1111 exp 12/29', 'CREDIT_CARD'), ['4111 1111 1111 1111']);
    assert.deepEqual(found('IBAN GB82 WEST 1234 5698 7654 32 thanks', 'IBAN_CODE'), [
      'GB82 WEST 1234 5698 7654 32',
    ]);
    assert.deepEqual(found('my SSN is 123-45-6780', 'US_SSN'), ['123-45-6780']);
    assert.deepEqual(found('ssn 123456780', 'US_SSN'), ['123456780'], 'bare digits with context');
    assert.deepEqual(found('blocked from 192.168.10.4 again', 'IP_ADDRESS'), ['192.168.10.4']);
    assert.deepEqual(found('from 2001:db8:85a3::8a2e:370:7334 ok', 'IP_ADDRESS'), [
      '2001:db8:85a3::8a2e:370:7334',
    ]);
  });

  test('dates of birth need birth context; addresses and names', () => {
    assert.deepEqual(found('She was born on 2/7/1961.', 'DATE_OF_BIRTH'), ['2/7/1961']);
    assert.deepEqual(found('DOB: March 3, 1980', 'DATE_OF_BIRTH'), ['March 3, 1980']);
    assert.deepEqual(found('I live at 1600 Pennsylvania Avenue NW, Washington, DC 20500', 'ADDRESS'), [
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
    ]);
    assert.deepEqual(found('Elizabeth Floyd will be talking', 'PERSON'), ['Elizabeth Floyd']);
    assert.deepEqual(found('please ask Dr. Okonkwo', 'PERSON'), ['Okonkwo']);
    assert.deepEqual(found('my name is Zyxel Quarm', 'PERSON'), ['Zyxel Quarm']);
  });

  test('benign look-alikes pass', () => {
    const benign = [
      'Order 2024-000123 shipped, tracking 1Z999AA10123456784',
      'Upgrade to version 10.2.3.4 or v1.2.3.4 of the package',
      'ISBN 978-3-16-148410-0 is the second edition',
      'The job ran at 2024-01-15 10:30:00 and 2024-01-15T10:30:00Z',
      'request id 203db13e-70c7-462b-9a3d-bf32640cb0be failed',
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixes the parser',
      'call me at extension 1234',
      'The meeting is on 3/4/2024 at 10:30',
      'We sold 1234567812345678 units',
      'Total: $1,234,567.89 across 12 invoices',
      'Will you mark the April deadline?',
    ];
    for (const text of benign) assert.deepEqual(types(text), [], text);
  });
});

describe('PII scanner', () => {
  const scanner = createPiiScanner();
  test('redacts and never puts values in the reason', () => {
    const text = 'email jane.doe@example.com, card 4111111111111111';
    const r = scanner.scan({ kind: 'text', text }, { checkpoint: 'input' });
    assert.ok(!(r instanceof Promise));
    assert.equal(r.verdict, 'block');
    assert.equal(r.redacted, 'email [EMAIL_ADDRESS], card [CREDIT_CARD]');
    assert.ok(!r.reason?.includes('jane') && !r.reason?.includes('4111'));
  });
  test('entity filter', () => {
    const only = createPiiScanner({ entities: ['CREDIT_CARD'] });
    const r = only.scan({ kind: 'text', text: 'jane.doe@example.com' }, { checkpoint: 'input' });
    assert.ok(!(r instanceof Promise));
    assert.equal(r.verdict, 'pass');
  });
  test('bad input: empty, binary, replacement characters, 1 MB — verdicts in bounded time', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)).toString('latin1');
    const invalidUtf8 = new TextDecoder().decode(Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0x40]));
    const big = 'Contact Jane Smith at jane@example.com or 415-555-0132. '.repeat(18_000);
    for (const text of ['', binary, invalidUtf8]) {
      const r = scanner.scan({ kind: 'text', text }, { checkpoint: 'input' });
      assert.ok(!(r instanceof Promise));
      assert.ok(['pass', 'block'].includes(r.verdict));
    }
    const t0 = performance.now();
    const r = scanner.scan({ kind: 'text', text: big }, { checkpoint: 'input' });
    assert.ok(!(r instanceof Promise));
    assert.equal(r.verdict, 'block');
    assert.ok(performance.now() - t0 < 10_000, 'a megabyte is scanned in seconds, not minutes');
  });
  test('hostile address shapes (long blank runs, one line of thousands of streets) stay linear', () => {
    // Each took minutes or seconds before: a lookbehind rescanned a run of spaces from every
    // position, and each street named alone walked its line's tokens from the start. The bound is
    // loose on purpose (seconds, not milliseconds): it catches the quadratic, not a slow machine.
    for (const text of [
      `on ${' '.repeat(200_000)}1st street`,
      `1st street ${' '.repeat(200_000)}x`,
      'we met on Bezrukov Street '.repeat(15_000),
      'I live in apartment '.repeat(20_000),
    ]) {
      const t0 = performance.now();
      const r = scanner.scan({ kind: 'text', text }, { checkpoint: 'input' });
      assert.ok(!(r instanceof Promise));
      assert.ok(performance.now() - t0 < 10_000, `${text.slice(0, 20)}… scanned in seconds`);
    }
  });
  test('a flood of 140k e-mails still blocks with every span (no stack overflow to fall back on onError)', () => {
    const flood = Array.from({ length: 140_000 }, (_, i) => `a${i}@x.io`).join(' ');
    const r = createPiiScanner({ entities: ['EMAIL_ADDRESS'] }).scan(
      { kind: 'text', text: `${flood} real.person@example.com` },
      { checkpoint: 'input' },
    );
    assert.ok(!(r instanceof Promise));
    assert.equal(r.verdict, 'block');
    assert.equal(r.spans?.length, 140_001);
  });
  test('tool-call arguments are scanned too', () => {
    const call = {
      id: 'c1',
      type: 'function' as const,
      function: { name: 'send', arguments: '{"to":"a.b@example.org"}' },
    };
    const r = scanner.scan({ kind: 'tool_call', call }, { checkpoint: 'action' });
    assert.ok(!(r instanceof Promise));
    assert.equal(r.verdict, 'block');
  });
});
