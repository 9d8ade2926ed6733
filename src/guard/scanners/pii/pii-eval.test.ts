import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAddressContextEval } from './address-context-eval.ts';
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
  // Addresses: whole blocks found (overlap) at the bar. Exact block boundaries are below it (0.817
  // when written; docs/guard.md), so their floor only guards against regressions.
  const blocks = report.perType.ADDRESS_BLOCK;
  assert.ok(
    blocks && blocks.gold > 200 && blocks.overlap.f1 >= 0.9 && blocks.exact.f1 >= 0.8,
    `ADDRESS_BLOCK ${JSON.stringify(blocks)}`,
  );
  // Gold types the scanner does not produce are reported, not silently dropped.
  assert.ok((report.unsupportedGold.LOCATION ?? 0) > 0);
});

test('dev-half addresses in sentences unlike their templates (context set floors)', { skip }, () => {
  const report = runAddressContextEval(DATA);
  assert.ok(report.addresses > 250, `${report.addresses} addresses`);
  // 0.957 exact recall and 0.989 precision when written; 0.81 before the context fixes.
  assert.ok(report.exactRecall >= 0.93, `exact recall ${report.exactRecall}`);
  assert.ok(report.precision >= 0.95, `precision ${report.precision}`);
  // No framing may lose most addresses (brackets once found 0.10 of them).
  assert.ok(Math.min(...report.perContext) >= 0.8, `per context ${report.perContext.join(' ')}`);
});
