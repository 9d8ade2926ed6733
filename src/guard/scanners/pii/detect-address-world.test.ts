import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { detectAddresses } from './detect-address.ts';
import { detectPii } from './pii-scanner.ts';

/**
 * A generalisation check for the address detector, written by hand from national postal
 * conventions (UPU address formats, national post guides) rather than from the Presidio eval set,
 * whose templates the rules were first tuned on. ⟦…⟧ marks each expected address.
 *
 * Where a span starts and ends: it starts at the first delivery line below the recipient or
 * company: a flat or suite designator (Flat, Apt, Unit, Suite, #, Level, Bât., Lot), the street
 * line, or a P.O. box. Named buildings and house names without a number ("Rose Cottage", "Hotel
 * Adlon") are left out. It ends with the last of district, town, region, postcode and country
 * (CEDEX and a delivery-office number included). Labels ("Address:"), names and closing
 * punctuation are outside; the full stop of a Hungarian house number ("Nádor u. 9.") is inside.
 *
 * The probes assert a recall floor rather than every span: a few formats are known misses (house
 * names, a Kenyan box with its postcode, Taiwan's "No. 7, Section 5", India's "H.No. 8-2-293",
 * Mexico's "CDMX", Iceland's three-digit postcode before the town).
 */

/**
 * address-world-probes.json: `probes` by region, `lookAlikes` (numbers next to capitalised words
 * that are not addresses) and `nearMisses` (aimed at this detector's own rules: flats before
 * places, comma house numbers, box words, labels).
 */
const DATA = JSON.parse(readFileSync(new URL('./address-world-probes.json', import.meta.url), 'utf8')) as {
  probes: Record<string, string[]>;
  lookAlikes: string[];
  nearMisses: string[];
};
const PROBES = DATA.probes;
const LOOK_ALIKES = DATA.lookAlikes;
const NEAR_MISSES = DATA.nearMisses;
function parse(marked: string): { text: string; spans: [number, number][] } {
  let text = '';
  let open = -1;
  const spans: [number, number][] = [];
  for (const ch of marked) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') spans.push([open, text.length]);
    else text += ch;
  }
  return { text, spans };
}

interface Score {
  gold: number;
  exact: number;
  overlap: number;
  misses: string[];
  extra: string[];
}

function score(probes: readonly string[]): Score {
  const s: Score = { gold: 0, exact: 0, overlap: 0, misses: [], extra: [] };
  for (const marked of probes) {
    const { text, spans } = parse(marked);
    const got = detectAddresses(text);
    for (const [start, end] of spans) {
      s.gold++;
      const hit = got.find((g) => g.start < end && g.end > start);
      if (hit) s.overlap++;
      if (hit?.start === start && hit.end === end) s.exact++;
      else s.misses.push(`${text.slice(start, end)} => ${hit ? text.slice(hit.start, hit.end) : '(none)'}`);
    }
    for (const g of got)
      if (!spans.some(([start, end]) => g.start < end && g.end > start))
        s.extra.push(text.slice(g.start, g.end));
  }
  return s;
}

const flagged = (texts: readonly string[]): string[] =>
  texts.flatMap((text) => detectAddresses(text).map((s) => `${text.slice(s.start, s.end)} (in: ${text})`));

describe('addresses in the world’s postal formats', () => {
  const all = score(Object.values(PROBES).flat());

  test('at least 92 % of the probe addresses are found exactly and 97 % overlapped', () => {
    const detail = `\n${all.misses.join('\n')}`;
    assert.ok(all.exact / all.gold >= 0.92, `exact ${all.exact}/${all.gold}${detail}`);
    assert.ok(all.overlap / all.gold >= 0.97, `overlap ${all.overlap}/${all.gold}${detail}`);
  });

  test('nothing outside the marked addresses is flagged', () => assert.deepEqual(all.extra, []));

  test('in detectPii no other entity (a name, a phone number) cuts into an address', () => {
    const cut = Object.values(PROBES)
      .flat()
      .flatMap((marked) => {
        const { text } = parse(marked);
        const alone = detectAddresses(text).map((s) => text.slice(s.start, s.end));
        const inPii = detectPii(text)
          .filter((s) => s.type === 'ADDRESS')
          .map((s) => text.slice(s.start, s.end));
        return alone.filter((a) => !inPii.includes(a));
      });
    assert.deepEqual(cut, []);
  });

  // A floor per region, so that one country's format cannot quietly drop out.
  for (const [region, probes] of Object.entries(PROBES)) {
    test(`${region}: at least 75 % exact`, () => {
      const s = score(probes);
      assert.ok(s.exact / s.gold >= 0.75, `${s.exact}/${s.gold}\n${s.misses.join('\n')}`);
    });
  }
});

describe('look-alikes are not addresses', () => {
  test('products, versions, scores, citations, recipes, dates and titles', () =>
    assert.deepEqual(flagged(LOOK_ALIKES), []));
  test('near misses of the flat, comma-number, box and label rules', () =>
    assert.deepEqual(flagged(NEAR_MISSES), []));
});
