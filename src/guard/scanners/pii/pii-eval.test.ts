import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runContextEval } from './context-eval.ts';
import { runOwnFormsEval, runOwnFormsNational, runOwnFormsUnseen, unmark } from './own-forms.ts';
import { runPiiEval } from './pii-eval.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const skip = existsSync(`${DATA}/guard/pii/presidio-generated_large.json`)
  ? false
  : 'shared PII data not present';

test('Presidio span-level F1 on the held-out half (≥ 0.85 floors)', { skip }, () => {
  const report = runPiiEval(DATA, { split: 'test' });
  assert.equal(report.split, 'test');
  assert.ok(report.samples > 900);
  for (const type of [
    'EMAIL_ADDRESS',
    'CREDIT_CARD',
    'IBAN_CODE',
    'US_SSN',
    'PHONE_NUMBER',
    'DATE_TIME',
    'PERSON',
  ]) {
    const s = report.perType[type];
    assert.ok(s && s.gold > 0, type);
    assert.ok(s.exact.f1 >= 0.85, `${type} exact F1 ${s.exact.f1}`);
  }
  // Addresses: whole blocks found (overlap) at the bar. Exact block boundaries are below it (0.821
  // when written; docs/guard.md), so their floor only guards against regressions.
  const blocks = report.perType.ADDRESS_BLOCK;
  assert.ok(
    blocks && blocks.gold > 200 && blocks.overlap.f1 >= 0.9 && blocks.exact.f1 >= 0.8,
    `ADDRESS_BLOCK ${JSON.stringify(blocks)}`,
  );
  // Gold types the scanner does not produce are reported, not silently dropped.
  assert.ok((report.unsupportedGold.LOCATION ?? 0) > 0);
});

test('dev-half values in sentences unlike their templates (context set floors)', { skip }, () => {
  // Floors a little under the figures when written (address 0.957 / 0.989, person 0.844 / 0.979,
  // phone 0.981 / 1.0); before the context fixes addresses were at 0.81 and persons at 0.77.
  const floors = {
    ADDRESS_BLOCK: { recall: 0.93, precision: 0.95, context: 0.8 },
    PERSON: { recall: 0.82, precision: 0.95, context: 0.65 },
    PHONE_NUMBER: { recall: 0.95, precision: 0.95, context: 0.9 },
  } as const;
  for (const [type, floor] of Object.entries(floors)) {
    const report = runContextEval(DATA, type as keyof typeof floors);
    assert.ok(report.values > 40, `${type}: ${report.values} values`);
    assert.ok(report.exactRecall >= floor.recall, `${type} exact recall ${report.exactRecall}`);
    assert.ok(report.precision >= floor.precision, `${type} precision ${report.precision}`);
    // No framing may lose most values (brackets once found 0.10 of the addresses).
    assert.ok(
      Math.min(...report.perContext) >= floor.context,
      `${type} per context ${report.perContext.join(' ')}`,
    );
  }
});

test('forms the templates lack, written for Keel (own-forms floors)', () => {
  // Floors a little under the figures when written (address 0.973 / 0.999, person 0.971 / 0.943,
  // phone 0.985 / 1.0); the session-4 code scored 0.818, 0.794 and 0.955 on the same sets.
  const floors = {
    ADDRESS_BLOCK: { recall: 0.95, precision: 0.97, frame: 0.9 },
    PERSON: { recall: 0.9, precision: 0.9 },
    PHONE_NUMBER: { recall: 0.97, precision: 0.97, frame: 0.8 },
  } as const;
  const reports = runOwnFormsEval();
  assert.deepEqual(
    reports.map((r) => r.type),
    ['ADDRESS_BLOCK', 'PERSON', 'PHONE_NUMBER'],
  );
  for (const report of reports) {
    const floor = floors[report.type];
    assert.ok(report.exactRecall >= floor.recall, `${report.type} exact recall ${report.exactRecall}`);
    assert.ok(report.precision >= floor.precision, `${report.type} precision ${report.precision}`);
    // No frame may lose most values (CSV and key=value once found none of the addresses).
    if ('frame' in floor)
      assert.ok(
        Math.min(...report.perContext) >= floor.frame,
        `${report.type} per frame ${report.perContext.join(' ')}`,
      );
  }
});

test('own forms written after the rules (unseen): no lower than when first run', () => {
  // First run, session 5: addresses 9 of 10 exact (precision 0.9), names 17 of 18 (precision 1.0).
  const [addresses, persons] = runOwnFormsUnseen();
  assert.ok((addresses?.exactRecall ?? 0) >= 0.9, `addresses ${addresses?.exactRecall}`);
  assert.ok((persons?.exactRecall ?? 0) >= 0.94, `persons ${persons?.exactRecall}`);
  assert.ok((persons?.precision ?? 0) >= 0.94, `persons precision ${persons?.precision}`);
});

test('national address formats written after session 7 (unseen): no lower than when first run', () => {
  // First run, session 7: 21 of 24 exact, all 24 overlapping (session 6's code: 18 and 22).
  const r = runOwnFormsNational();
  assert.ok(r.exactRecall >= 0.875, `exact ${r.exactRecall}`);
  assert.ok(r.overlapRecall >= 1, `overlap ${r.overlapRecall}`);
});

test('own-forms sentences mark their names', () => {
  assert.deepEqual(unmark('Tell ⟦Fatima⟧ I said hi to ⟦Jo⟧.'), {
    text: 'Tell Fatima I said hi to Jo.',
    gold: [
      { start: 5, end: 11 },
      { start: 25, end: 27 },
    ],
  });
});
