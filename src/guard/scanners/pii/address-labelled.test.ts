import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('a line labelled as an address declares its value one, in shapes no finder knows', () => {
  assert.deepEqual(found('Address: Knockanore, Ballyduff, Co. Kerry, V92 XH36\nPhone: 066 555 1234'), [
    'Knockanore, Ballyduff, Co. Kerry, V92 XH36',
  ]);
  assert.deepEqual(found('**Address:** Hof Grünwald, Almweg, 6020 Innsbruck'), [
    'Hof Grünwald, Almweg, 6020 Innsbruck',
  ]);
  assert.deepEqual(found('Address: Knockanore, Ballyduff, Co. Kerry, V92 XH36 | Phone: 066 555 1234'), [
    'Knockanore, Ballyduff, Co. Kerry, V92 XH36',
  ]);
  // The value ends with its sentence; an abbreviation's stop does not end it.
  assert.deepEqual(found('Registered address: Hof Grünwald, Almweg 3, Kufstein. VAT no. GB 123 4567 89.'), [
    'Hof Grünwald, Almweg 3, Kufstein',
  ]);
  assert.deepEqual(found('Address: 4 St. Ulric Road, Mt. Pleasant 12345'), [
    '4 St. Ulric Road, Mt. Pleasant 12345',
  ]);
  // What a finder found stopping short of the value's end is kept as found.
  assert.deepEqual(found('Address: 12 Main St, Springfield IL 62704 (since 2019)'), [
    '12 Main St, Springfield IL 62704',
  ]);
});

test('notes, network and memory addresses after an address label are not addresses', () => {
  for (const text of [
    'Address: see below',
    'Address: N/A',
    'Address: same as billing, see above, thanks',
    'IP address: 10.0.0.1',
    'Email address: a@b.com',
    'Address: 0x7ffde2a4',
    'MAC Address: 00:1B:44:11:3A:B7',
    'Memory address: 4096',
    'Address: https://example.com/contact',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('code fields name a ZIP with quotes around it', () => {
  assert.deepEqual(found("{name: 'Eldon', zip: '82931-4410'}"), ['82931-4410']);
  assert.deepEqual(found('{"zip": "59801"}'), ['59801']);
});

test('a labelled value in comma-separated parts around a find is the address; prose around one is not', () => {
  assert.deepEqual(
    found('Dirección: Carrera 7 # 71-21, Torre B, Oficina 902, Bogotá D.C.\nTeléfono: +57 601 555 0192'),
    ['Carrera 7 # 71-21, Torre B, Oficina 902, Bogotá D.C.'],
  );
  assert.deepEqual(found('Endereço: Av. Paulista, 1578, conj. 51, Bela Vista, São Paulo/SP, 01310-200'), [
    'Av. Paulista, 1578, conj. 51, Bela Vista, São Paulo/SP, 01310-200',
  ]);
  assert.deepEqual(
    found('Teslimat adresi: Caferağa Mahallesi, Moda Caddesi, Nane Sokak No:14 D:3, 34710 Kadıköy/İstanbul'),
    ['Caferağa Mahallesi, Moda Caddesi, Nane Sokak No:14 D:3, 34710 Kadıköy/İstanbul'],
  );
  assert.deepEqual(
    found('Ancienne adresse : Hof Grünwald, Almweg 3, Ebbs\nNouvelle adresse : 12 rue Sidi, Lyon'),
    ['Hof Grünwald, Almweg 3, Ebbs', '12 rue Sidi, Lyon'],
  );
  assert.deepEqual(found('Address: please use 12 Main St, Springfield'), ['12 Main St, Springfield']);
});

test('a P.O. box may have six digits', () => {
  assert.deepEqual(
    found('Mailing address for rebates: Rebate Center, P.O. Box 540087, El Paso, TX 88554-0087'),
    ['P.O. Box 540087, El Paso, TX 88554-0087'],
  );
  assert.deepEqual(found('order 540087 shipped'), []);
});

test('config keys, wallets, IPv6, hex, form rules and notes after an address label are not addresses', () => {
  for (const text of [
    "address: 'localhost', port: 5432",
    '  address: "redis-master.default.svc.cluster.local:6379"',
    'Address: mongodb://localhost:27017',
    'Address: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    'Address: 2001:db8:abcd:12::1',
    'Dirección de memoria: 7ffe5367e044',
    'Dirección: obligatorio, máximo 120 caracteres',
    'Anschrift: siehe Anlage 2',
    'Address: 3 points raised by the reviewer',
    '- **Address:** Use 2 lines, no abbreviations, include unit if any',
    'Address: smtp.gmail.com, port 587, TLS',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
