import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runPiiEval } from './pii-eval.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const skip = existsSync(`${DATA}/guard/pii/presidio-generated_large.json`)
  ? false
  : 'shared PII data not present';

test('Presidio span-level F1 on the held-out half (structured types ≥ 0.85)', { skip }, () => {
  const report = runPiiEval(DATA, { split: 'test' });
  assert.equal(report.split, 'test');
  assert.ok(report.samples > 900);
  for (const type of ['EMAIL_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'PHONE_NUMBER']) {
    const s = report.perType[type];
    assert.ok(s && s.gold > 0, type);
    assert.ok(s.overlap.f1 >= 0.85, `${type} overlap F1 ${s.overlap.f1}`);
  }
  // Gold types the scanner does not produce are reported, not silently dropped.
  assert.ok((report.unsupportedGold.LOCATION ?? 0) > 0);
});
