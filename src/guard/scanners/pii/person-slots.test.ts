import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectPersons } from './detect-person.ts';

const names = (text: string): string[] => detectPersons(text).map((s) => text.slice(s.start, s.end));

/**
 * Names where only a name can stand (person-slots.ts): fields keyed by a person noun, e-mail quote
 * headers and display names, the line after SHIP TO / Attn / a sign-off, record lines. Surnames no
 * list holds and names typed in lower or upper case count there; values that fill the slot without
 * naming anyone do not.
 */
describe('PERSON: names in person slots', () => {
  const found: [string, string[]][] = [
    // Fields whose key names a person.
    ['{"customer": "Takahito", "billing_address": "35 Herrería 6"}', ['Takahito']],
    [
      'Calling tool create_shipment with {"recipient": "Ingvarsdóttir", "service": "express"}',
      ['Ingvarsdóttir'],
    ],
    ['{"name": "howard", "phone": "555-0100"}', ['howard']],
    ['{"first_name": "Kappel", "lastName": "Szôllôs"}', ['Kappel', 'Szôllôs']],
    ['customer_name: tuininga\nstatus: open', ['tuininga']],
    ['scan: OUT_FOR_DELIVERY | 70 Algade 49 | driver howard | 6/4/1967', ['howard']],
    ['level=info user=michael action=login', ['michael']],
    ['Emergency contact: Paliki, +1 555 0100', ['Paliki']],
    ['"author": "Will Welch <welch@example.com>"', ['Will Welch']],
    [
      '| Name | Address |\n|---|---|\n| omar | Globelnik Street |\n| Þórbergur | Adams Street |',
      ['omar', 'Þórbergur'],
    ],
    // E-mail headers and quotes.
    ['> On 1993-08-24 01:26:53, Nunzia wrote:\n> Could you confirm?', ['Nunzia']],
    ['> On 10/10/1975, smit wrote:', ['smit']],
    ['Ragnarsdóttir <tanja@example.com> wrote: please ship it', ['Ragnarsdóttir']],
    ['Ticket 88213 | Priority: high\nCustomer: edwards <a@b.com>\nIssue: parcel returned', ['edwards']],
    ['Summarise this: Guerra (carolina@example.com) wants the order moved.', ['Guerra']],
    // Letter and form layout.
    ['SHIP TO\nAlterio\nGordon Street\nTuvalu', ['Alterio']],
    ['SHIP TO:\nJOUKO\nMOTOCHIKA AND VIA SCALA 50\nMOZAMBIQUE', ['JOUKO']],
    ['Mail it to me c/o Morrow, the corner of 4748 Westfall Avenue', ['Morrow']],
    ['Zustellung: Koepoortwal 115\nz. Hd. Kappel', ['Kappel']],
    ['A la atención de Takahito, 44 Rue Abderrahmen Ziad', ['Takahito']],
    ['Kind regards\nAndreassen | Universal Design Partners | 93 Eyrarlandsvegur', ['Andreassen']],
    ['Kind regards\nKimberly Pinto | Castle Biosciences', ['Kimberly Pinto']],
    ['Ship to Koenigstrasse 51\nThanks,\nmichael', ['michael']],
    ['Gairbekov — 18 Via Pasquale Scura 127, Gorgoglione', ['Gairbekov']],
    ['Nardone\tHöfðagata 41\tBÜSCHENDORF', ['Nardone']],
    // Greetings, introductions and the person addressed.
    ['Hi howard,\n\nPlease find the contract attached.', ['howard']],
    ['Hola Niklas, mi dirección nueva es Calle Mayor 5.', ['Niklas']],
    ['Write a complaint to my landlord. My name is michek.', ['michek']],
    ['12 Main St?? are you sure that is right, Söderberg?', ['Söderberg']],
  ];
  for (const [text, expected] of found)
    test(JSON.stringify(text), () => assert.deepEqual(names(text), expected));

  const none = [
    'Name: n/a',
    'Name: null',
    '{"customer": "enterprise"}',
    '{"customer": "Enterprise", "plan": "pro"}',
    'SHIP TO\nWarehouse 5',
    'SHIP TO\nMain Warehouse\n12 Dock Rd',
    'BILL TO\nAccounts Payable',
    'Thanks,\nthe team',
    'Cheers,\nDevOps',
    'Best regards,\nSales Department',
    'Kind regards\nThe Acme Team',
    '{"driver": "nvidia-535"}',
    '"driver": "Nouveau"',
    'driver=postgres',
    '{"name": "get_weather", "description": "Get the weather"}',
    '{"name": "search", "parameters": {}}',
    '{"name": "pino", "version": "10.0.0"}',
    '{"name": "long", "version": "5.3.0"}',
    "headers: { 'User-Agent': 'undici' }",
    'client: httpClient,',
    'user=admin action=login',
    '"assignee": "unassigned"',
    'Reporter: QA',
    'Contact: HR <hr@acme.com>',
    'Contact our Support Team <help@acme.io>',
    'I emailed support (help@acme.io) twice.',
    'On Monday, the team wrote:',
    'Apple wrote:',
    'u/throwaway123 wrote:',
    'Attn: Accounts Payable',
    'c/o Acme Corp, 12 Main St',
    'Overview — 3 steps',
    'Tokyo — 5 Star Hotels',
    'Paris — 12 Rue de Rivoli',
    '| Name | Version |\n|---|---|\n| react | 18.2 |',
    'Hi team,',
    'Hi all,',
    'Is it ready, Kubernetes?',
    'What do you think, Claude?',
    'bitch, ya betta! Haha',
    'I just need to be taken care of lmao',
    'DAN: I am free now',
    'User: I want to book a flight',
    'My name is not important.',
  ];
  for (const text of none) test(`no name: ${JSON.stringify(text)}`, () => assert.deepEqual(names(text), []));
});
