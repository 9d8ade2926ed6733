import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectAddresses } from './detect-address.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

// Each address of a list is its own span, so mask-and-restore gives each its own placeholder and
// the model can still tell them apart ("ship the first to <ADDRESS_1>, the second to <ADDRESS_2>").
describe('lists of addresses: one span each', () => {
  const cases: [string, string[]][] = [
    [
      'Branches: Hauptstraße 5, 10115 Berlin, Marienplatz 8, 80331 München, Zeil 12, 60313 Frankfurt',
      ['Hauptstraße 5, 10115 Berlin', 'Marienplatz 8, 80331 München', 'Zeil 12, 60313 Frankfurt'],
    ],
    [
      'We deliver to 12 Main St, Springfield, 45 Oak Ave, Portland and 9 Elm Road, Salem.',
      ['12 Main St, Springfield', '45 Oak Ave, Portland', '9 Elm Road, Salem'],
    ],
    [
      'Offices in 5 Rue de Rivoli, 75001 Paris, 8 Avenue Foch, 75116 Paris and Via Roma 12, 00184 Roma.',
      ['5 Rue de Rivoli, 75001 Paris', '8 Avenue Foch, 75116 Paris', 'Via Roma 12, 00184 Roma'],
    ],
    [
      'Offices in 5 Rue de Rivoli, 75001 Paris, Avenue Foch 8',
      ['5 Rue de Rivoli, 75001 Paris', 'Avenue Foch 8'],
    ],
    [
      'Locations: Keizersgracht 123, 1015 CJ Amsterdam, Coolsingel 40, 3011 AD Rotterdam',
      ['Keizersgracht 123, 1015 CJ Amsterdam', 'Coolsingel 40, 3011 AD Rotterdam'],
    ],
    [
      'Our stores are at 100 Main Street, Springfield, and 200 Oak Avenue, Shelbyville.',
      ['100 Main Street, Springfield', '200 Oak Avenue, Shelbyville'],
    ],
  ];
  for (const [text, want] of cases) test(text, () => assert.deepEqual(found(text), want));
});

describe('what the list rules must not split', () => {
  const cases: [string, string[]][] = [
    // An intersection after a person's name and a comma is still one place.
    [
      'Send the invoice to John Smith, Eloise and 226 Thomas Avenue, by Friday.',
      ['Eloise and 226 Thomas Avenue'],
    ],
    // Hungary writes the postcode and town first; a name before them is not a street.
    ['Kovács János, 1051 Budapest, Nádor u. 9.', ['1051 Budapest, Nádor u. 9.']],
    // A town whose name opens with a street word is still the town.
    [
      'Incrocio Marina 152, Piano 7, Borgo San Dalmazzo, Italy 12011',
      ['Incrocio Marina 152, Piano 7, Borgo San Dalmazzo, Italy 12011'],
    ],
  ];
  for (const [text, want] of cases) test(text, () => assert.deepEqual(found(text), want));
});
