import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../spec/index.ts';
import { createStore } from '../../store/index.ts';
import { canonicalJson } from '../canonical.ts';
import { csvField, csvHeader, itemToCsv, itemToJsonl, parseCsvItems, parseJsonl } from './formats.ts';
import { assignIds, contentId, parseItem } from './item-schema.ts';
import { DatasetRepo } from './repo.ts';
import { exportItems, importItems } from './transfer.ts';
import type { DatasetItem } from './types.ts';

describe('dataset items', () => {
  it('accepts the canonical shape, promptfoo vars, top-level messages and a plain input string', () => {
    assert.deepEqual(parseItem({ vars: { q: 'x' }, expected: 'y' }, 't').input, { variables: { q: 'x' } });
    assert.deepEqual(parseItem({ input: 'hello' }, 't').input, { variables: { input: 'hello' } });
    assert.deepEqual(parseItem({ messages: [{ role: 'user', content: 'hi' }] }, 't').input, {
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(parseItem({ vars: { a: 1 }, expected: { json: true } }, 't').expected, '{"json":true}');
    assert.deepEqual(parseItem({ vars: { a: 1 }, context: 'one doc' }, 't').context, ['one doc']);
  });

  it('rejects items without input, unknown keys and bad provenance, naming where', () => {
    assert.throws(
      () => parseItem({ expected: 'x' }, 'line 3'),
      /line 3: input: an item needs input variables or messages/,
    );
    assert.throws(() => parseItem({ vars: {}, expectd: 'x' }, 'line 4'), /line 4: .*expectd/);
    assert.throws(() => parseItem({ vars: { a: 1 }, provenance: 'made-up' }, 'line 5'), /line 5: provenance/);
  });

  it('rejects item assertions no scorer can run when the item is written, not after the paid call', () => {
    assert.throws(
      () => parseItem({ input: 'a', assert: [{ type: 'nope' }] }, 'line 6'),
      /line 6: assert\.0: .*Unknown scorer type "nope"/,
    );
    assert.throws(
      () => parseItem({ input: 'a', assert: [{ type: 'regex', value: '(a+)+$' }] }, 'line 7'),
      /line 7: assert\.0: .*nested quantifier/,
    );
    assert.throws(
      () => parseItem({ input: 'a', assert: [{ type: 'contains', valu: 'x' }] }, 'line 8'),
      /line 8: assert\.0/,
    );
    const ok = parseItem({ input: 'a', assert: [{ type: 'contains', value: 'x', weight: 2 }] }, 't');
    assert.deepEqual(ok.assertions, [{ type: 'contains', value: 'x', weight: 2 }]);
  });

  it('derives stable content ids and keeps repeats unique', () => {
    const a = { input: { variables: { q: 'x' } }, expected: 'y' };
    assert.equal(contentId(a), contentId({ expected: 'y', input: { variables: { q: 'x' } } }));
    const ids = assignIds([a, a, { ...a, expected: 'z' }]).map((i) => i.id);
    assert.equal(ids[1], `${ids[0]}-2`);
    assert.notEqual(ids[2], ids[0]);
    assert.throws(
      () =>
        assignIds([
          { ...a, id: 'same' },
          { ...a, id: 'same' },
        ]),
      /used twice/,
    );
  });

  it('parses JSONL with line numbers and CSV with quotes, commas, newlines and JSON cells', () => {
    assert.throws(() => parseJsonl('{"vars":{"a":1}}\nnot json\n'), /JSONL line 2: not valid JSON/);
    const csv =
      'id,question,expected,tags,context,provenance\r\nq1,"Hello, ""world""","line1\nline2","a, b","[""doc1"",""doc2""]",human\r\n';
    const [item] = parseCsvItems(csv);
    assert.equal(item!.id, 'q1');
    assert.deepEqual(item!.input.variables, { question: 'Hello, "world"' });
    assert.equal(item!.expected, 'line1\nline2');
    assert.deepEqual(item!.tags, ['a', 'b']);
    assert.deepEqual(item!.context, ['doc1', 'doc2']);
    assert.equal(item!.provenance, 'human');
    assert.throws(
      () => parseCsvItems('id,metadata\nx,{bad\n'),
      /CSV record 1, column metadata: not valid JSON/,
    );
    assert.equal(csvField('a"b,c'), '"a""b,c"');
  });

  it('CSV export defuses cells a spreadsheet would run as formulas, and import restores them', () => {
    assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvField('+1+cmd|calc'), "'+1+cmd|calc");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('\t=1'), "'\t=1");
    assert.equal(csvField("'=already"), "''=already");
    assert.equal(csvField('-2'), '-2');
    assert.equal(csvField('-2.5'), '-2.5');
    const item: DatasetItem = {
      id: 'x',
      seq: 1,
      input: { variables: { q: '=1+2', r: "'=kept", n: '-3' } },
      expected: '-cmd',
      context: [],
      metadata: {},
      tags: [],
      provenance: 'human',
      source: '@s',
      assertions: null,
      createdAt: 0,
    };
    const csv = csvHeader(['q', 'r', 'n']) + itemToCsv(item, ['q', 'r', 'n']);
    assert.doesNotMatch(csv, /(^|,)[=+@-][^0-9]/m);
    const [back] = parseCsvItems(csv);
    assert.deepEqual(back!.input.variables, { q: '=1+2', r: "'=kept", n: '-3' });
    assert.equal(back!.expected, '-cmd');
    assert.equal(back!.source, '@s');
  });
});

describe('DatasetRepo', () => {
  let store: Store;
  let repo: DatasetRepo;
  before(async () => {
    store = await createStore('sqlite::memory:');
    repo = new DatasetRepo(store.sql);
  });
  after(() => store.close());

  it('edits a draft in place; a locked version is immutable and edits copy it into a new version', async () => {
    const ds = await repo.create({ name: 'golden', description: 'd' });
    const first = await repo.addItems('golden', [
      { id: 'a', input: { variables: { q: 1 } } },
      { id: 'b', input: { variables: { q: 2 } } },
    ]);
    assert.deepEqual([first.version, first.newVersion], [1, false]);
    await repo.updateItem('golden', 'a', {
      input: { variables: { q: 10 } },
      expected: 'ten',
      provenance: 'human',
    });
    assert.equal((await repo.getItem(ds.id, 1, 'a'))!.expected, 'ten');
    assert.equal(await repo.lock(ds.id, 1), 2);
    const edited = await repo.updateItem('golden', 'b', {
      input: { variables: { q: 20 } },
      provenance: 'synthetic',
    });
    assert.deepEqual([edited.version, edited.newVersion], [2, true]);
    assert.equal((await repo.getItem(ds.id, 1, 'b'))!.input.variables!.q, 2, 'version 1 unchanged');
    assert.equal((await repo.getItem(ds.id, 2, 'b'))!.provenance, 'synthetic');
    assert.equal(
      (await repo.getItem(ds.id, 2, 'a'))!.expected,
      'ten',
      'copied items keep their ids and content',
    );
    await repo.deleteItem('golden', 'a');
    assert.deepEqual(
      (await repo.versions(ds.id)).map((v) => [v.version, v.itemCount, v.locked]),
      [
        [1, 2, true],
        [2, 1, false],
      ],
    );
    // The schema refuses writes to a locked version even from code that skips the repository.
    await assert.rejects(
      store.sql.execute("UPDATE eval_items SET expected = 'x' WHERE dataset_id = ? AND version = 1", [ds.id]),
      /locked/,
    );
    await assert.rejects(
      store.sql.execute('DELETE FROM eval_items WHERE dataset_id = ? AND version = 1', [ds.id]),
      /locked/,
    );
    await assert.rejects(repo.addItems('golden', [{ id: 'b', input: { variables: {} } }]), /already exists/);
    await assert.rejects(
      repo.create({ name: 'golden' }),
      (e: Error & { code?: string }) => e.code === 'conflict',
    );
  });

  it('sync reuses the latest version when content is unchanged and makes a new one otherwise', async () => {
    const items = [{ input: { variables: { q: 'x' } }, expected: 'y', provenance: 'human' as const }];
    const one = await repo.sync('inline', items);
    const again = await repo.sync('inline', items);
    assert.equal(again.version, one.version);
    await repo.lock(one.dataset.id, one.version);
    const changed = await repo.sync('inline', [...items, { input: { variables: { q: 'z' } } }]);
    assert.equal(changed.version, one.version + 1);
    assert.equal((await repo.version(one.dataset.id, changed.version)).itemCount, 2);
  });

  it('imports and exports JSONL and CSV round trip, a page at a time', async () => {
    const jsonl = [
      '{"id":"x1","vars":{"question":"a, b","n":"1"},"expected":"A","tags":["t"],"provenance":"human"}',
      '{"id":"x2","messages":[{"role":"user","content":"multi\\nline \\"quoted\\""}],"context":["c1"],"metadata":{"k":1}}',
    ].join('\n');
    await importItems({ datasets: repo, dataset: 'round', text: jsonl, format: 'jsonl', file: 'in.jsonl' });
    const ds = await repo.require('round');
    for (const format of ['jsonl', 'csv'] as const) {
      let text = '';
      const n = await exportItems({
        datasets: repo,
        datasetId: ds.id,
        version: 1,
        format,
        write: (t) => {
          text += t;
        },
      });
      assert.equal(n, 2);
      await importItems({ datasets: repo, dataset: `round-${format}`, text, format });
      const back = await repo.require(`round-${format}`);
      const items = await repo.page({ datasetId: back.id, version: 1, afterSeq: -1, limit: 10 });
      const original = await repo.page({ datasetId: ds.id, version: 1, afterSeq: -1, limit: 10 });
      const canonical = (list: typeof items) => list.map((i) => canonicalJson(JSON.parse(itemToJsonl(i))));
      assert.deepEqual(canonical(items), canonical(original), `${format} round trip`);
    }
    assert.equal((await repo.getItem(ds.id, 1, 'x2'))!.source, 'import:in.jsonl');
  });
});
