import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { convertGoRegex } from './go-regex.ts';
import { KeywordIndex } from './keyword-index.ts';
import { parseToml } from './mini-toml.ts';
import { loadRuleSet } from './rules.ts';

describe('Go → JavaScript regex conversion', () => {
  test('leading flags become RegExp flags', () => {
    assert.deepEqual(convertGoRegex('(?i)abc'), { source: 'abc', flags: 'i' });
  });
  test('mid-pattern (?i) is scoped to the rest of its group, across alternatives', () => {
    const { source } = convertGoRegex('\\b(p8e-(?i)[a-z0-9]{4})x');
    assert.equal(source, '\\b(p8e-(?i:[a-z0-9]{4}))x');
    const re = new RegExp(convertGoRegex('a(?i)b|c').source);
    assert.ok(re.test('aB') && re.test('C') && !re.test('AB'));
  });
  test('named groups, \\z, POSIX classes', () => {
    assert.equal(convertGoRegex('(?P<x>a)\\z').source, '(?<x>a)$');
    assert.equal(convertGoRegex('[[:alnum:]]{3}').source, '[a-zA-Z0-9]{3}');
  });
  test("gitleaks' key-name prefix is removed; unbounded dots are bounded (outside classes only)", () => {
    const r = convertGoRegex('[\\w.-]{0,50}?(?i:[\\w.-]{0,50}?(?:okta))=(x)');
    assert.equal(r.source, '(?i:(?:okta))=(x)');
    assert.equal(r.keyPrefix, true);
    assert.equal(convertGoRegex('curl.*?-H[\\w.+/-]+').source, 'curl.{0,256}?-H[\\w.+/-]+');
  });
});

describe('mini TOML', () => {
  test('tables, arrays of tables nested under the last element, strings, arrays', () => {
    const doc = parseToml(`title = "t" # c
[allowlist]
regexes = ['''a\\b''', "q\\"x"]
[[rules]]
id = 'one'
entropy = 3.5
keywords = [
  "k1", # comment
  "k2",
]
[[rules.allowlists]]
regexTarget = "match"
[[rules]]
id = "two"
`);
    assert.deepEqual(doc.allowlist, { regexes: ['a\\b', 'q"x'] });
    assert.deepEqual(doc.rules, [
      { id: 'one', entropy: 3.5, keywords: ['k1', 'k2'], allowlists: [{ regexTarget: 'match' }] },
      { id: 'two' },
    ]);
  });
  test('anything outside the subset fails with a line number', () => {
    assert.throws(() => parseToml('a = 1\nb = {x = 1}'), /line 2/);
  });
});

test('keyword index finds every keyword occurrence (overlapping, suffixes)', () => {
  const idx = new KeywordIndex(['he', 'she', 'hers', 'his', 'xox']);
  assert.deepEqual([...idx.find('ushers')].sort(), [0, 1, 2]);
  assert.deepEqual([...idx.find('nothing')], []);
  assert.deepEqual([...idx.find('xoxoxb')], [4]);
});

test('keyword index agrees with a substring search on random keywords and texts (non-ASCII too)', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const word = (max: number): string =>
    Array.from({ length: 1 + rnd(max) }, () => 'abcé_-\u0000'[rnd(7)]).join('');
  for (let round = 0; round < 2000; round++) {
    const keywords = Array.from({ length: 1 + rnd(8) }, () => word(4));
    const text = rnd(10) === 0 ? '' : word(40);
    const expected = keywords.flatMap((kw, id) => (text.includes(kw) ? [id] : []));
    assert.deepEqual([...new KeywordIndex(keywords).find(text)].sort(), expected, `${keywords} in ${text}`);
  }
});

const SOURCE = fileURLToPath(
  new URL('../../../../../shared/data/guard/secrets/gitleaks.toml', import.meta.url),
);
test('rules.json is what scripts/build-secret-rules.ts produces', {
  skip: !existsSync(SOURCE) && 'no gitleaks.toml',
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-rules-'));
  try {
    const out = join(dir, 'rules.json');
    const script = fileURLToPath(new URL('../../../../scripts/build-secret-rules.ts', import.meta.url));
    const res = spawnSync(process.execPath, [script, '--source', SOURCE, '--out', out], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const committed = readFileSync(new URL('./rules.json', import.meta.url), 'utf8');
    assert.equal(readFileSync(out, 'utf8'), committed);
    const rules = loadRuleSet();
    assert.equal(rules.stats.sourceRules, 222);
    assert.ok(rules.stats.converted >= 215, `converted ${rules.stats.converted}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
