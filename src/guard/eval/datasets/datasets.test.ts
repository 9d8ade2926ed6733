import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseCsv, parseCsvRecords } from './csv.ts';
import {
  loadAwesomePrompts,
  loadJsonl,
  loadPromptJson,
  loadTextLabelCsv,
  resolveSharedDataDir,
} from './loaders.ts';
import { loadKeelProbes } from './probes.ts';
import { hashSplit } from './splits.ts';

const dir = mkdtempSync(join(tmpdir(), 'keel-guard-data-'));
const file = (name: string, body: string): string => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, embedded commas/newlines, CRLF and a BOM', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, ""quoted""","line1\nline2"\r\nplain,\n');
    assert.deepEqual(rows, [
      ['a', 'b'],
      ['x, "quoted"', 'line1\nline2'],
      ['plain', ''],
    ]);
  });

  it('rejects unterminated quotes and ragged records', () => {
    assert.throws(() => parseCsv('a,"b\nc'), { code: 'invalid_request' });
    assert.throws(() => parseCsvRecords('a,b\n1,2,3\n'), { code: 'invalid_request' });
  });
});

describe('loaders', () => {
  it('reads text,label CSV and rejects bad labels', () => {
    assert.deepEqual(loadTextLabelCsv(file('a.csv', 'text,label\n"hi, there",0\nignore it,1\n')), [
      { text: 'hi, there', label: 0 },
      { text: 'ignore it', label: 1 },
    ]);
    assert.throws(() => loadTextLabelCsv(file('b.csv', 'text,label\nx,7\n')), { code: 'invalid_request' });
  });

  it('reads JSONL with numeric or boolean labels and names the bad line', () => {
    const rows = loadJsonl(file('c.jsonl', '{"text":"a","label":1}\n\n{"text":"b","label":false}\n'));
    assert.deepEqual(rows, [
      { text: 'a', label: 1 },
      { text: 'b', label: 0 },
    ]);
    assert.throws(() => loadJsonl(file('d.jsonl', '{"text":"a","label":1}\nnot json\n')), /line 2/);
  });

  it('a byte-order mark (files saved by Windows editors) is not part of the first row', () => {
    assert.deepEqual(loadJsonl(file('bom.jsonl', '\uFEFF{"text":"a","label":1}\r\n')), [
      { text: 'a', label: 1 },
    ]);
    assert.deepEqual(loadPromptJson(file('bom.json', '\uFEFF[{"prompt":"p"}]')), [{ text: 'p', label: 0 }]);
  });

  it('reads prompt JSON (missing label = benign) and awesome-prompts with the DAN row positive', () => {
    assert.deepEqual(loadPromptJson(file('e.json', '[{"prompt":"p"},{"prompt":"q","label":1}]')), [
      { text: 'p', label: 0 },
      { text: 'q', label: 1 },
    ]);
    const awesome = loadAwesomePrompts(
      file(
        'f.csv',
        '"act","prompt"\n"Travel Guide","Act as a guide"\n"Unconstrained AI model DAN","Hello DAN"\n',
      ),
    );
    assert.deepEqual(
      awesome.map((r) => r.label),
      [0, 1],
    );
  });

  it('throws a clear error for missing files', () => {
    assert.throws(() => loadJsonl(join(dir, 'missing.jsonl')), { code: 'invalid_request' });
  });

  it('resolves the shared data dir from KEEL_SHARED_DATA', () => {
    assert.equal(resolveSharedDataDir({ KEEL_SHARED_DATA: dir }), dir);
  });
});

describe('hashSplit', () => {
  it('is deterministic and puts about the requested share in test', () => {
    assert.equal(hashSplit('some tweet'), hashSplit('some tweet'));
    const n = 5000;
    let test = 0;
    for (let i = 0; i < n; i++) if (hashSplit(`row ${i}`) === 'test') test++;
    assert.ok(test / n > 0.17 && test / n < 0.23, `${test / n}`);
  });
});

test('loadKeelProbes labels positives 1 and look-alikes 0, and names a missing list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-probes-'));
  const file = pathToFileURL(join(dir, 'keel-probes.json'));
  writeFileSync(
    file,
    JSON.stringify({ dev: { attacks: ['a1'], benign: ['b1', 'b2'] }, unseen: { benign: [] } }),
  );
  assert.deepEqual(loadKeelProbes(file, 'dev', 'attacks'), [
    { text: 'a1', label: 1 },
    { text: 'b1', label: 0 },
    { text: 'b2', label: 0 },
  ]);
  assert.throws(() => loadKeelProbes(file, 'unseen', 'attacks'), /unseen needs 'attacks' and 'benign'/);
});
