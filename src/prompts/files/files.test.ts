import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { unifiedDiff } from './line-diff.ts';
import { parsePromptFile } from './prompt-file.ts';
import { planPush } from './sync.ts';

describe('prompt files', () => {
  it('parse errors name the file and the field', () => {
    assert.throws(() => parsePromptFile('name: [unclosed', 'a.yaml'), /a\.yaml: not valid YAML/);
    assert.throws(
      () => parsePromptFile('name: a\nversions: []\n', 'a.yaml'),
      /a\.yaml: Invalid value for 'versions'/,
    );
    assert.throws(
      () =>
        parsePromptFile(
          'name: a\nversions:\n  - messages:\n      - role: robot\n        content: hi\n',
          'a.yaml',
        ),
      /a\.yaml: versions\[0\]: Invalid value for 'messages\.0\.role'/,
    );
    assert.throws(
      () => parsePromptFile('name: a\nextra: 1\nversions:\n  - text: hi\n', 'a.yaml'),
      /Invalid value for 'body'|extra/,
    );
  });

  it('plans: refuses out-of-sequence versions and labels on missing versions', () => {
    const file = parsePromptFile('name: a\nlabels:\n  production: 3\nversions:\n  - text: one\n', 'a.yaml');
    assert.throws(() => planPush(file, null), /label 'production' points at version 3, which does not exist/);
    const gap = parsePromptFile('name: a\nversions:\n  - version: 2\n    text: two\n', 'a.yaml');
    assert.throws(
      () => planPush(gap, null),
      (e: unknown) => e instanceof KeelError && /out of sequence \(the next version is 1\)/.test(e.message),
    );
    const latest = parsePromptFile('name: a\nlabels:\n  latest: 1\nversions:\n  - text: one\n', 'a.yaml');
    assert.throws(() => planPush(latest, null), /managed by Keel/);
  });
});

describe('unified diff', () => {
  it('shows changed lines with context and hunk headers', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const b = ['a', 'b', 'C', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    assert.equal(
      unifiedDiff(a, b, { from: 'x@v1', to: 'x@v2', context: 1 }),
      [
        '--- x@v1',
        '+++ x@v2',
        '@@ -2,3 +2,3 @@',
        ' b',
        '-c',
        '+C',
        ' d',
        '@@ -10,1 +10,2 @@',
        ' j',
        '+k',
        '',
      ].join('\n'),
    );
    assert.equal(unifiedDiff('same', 'same', { from: 'a', to: 'b' }), '');
  });
});
