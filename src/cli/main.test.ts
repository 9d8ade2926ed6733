import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function keel(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { input: '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('keel (top level)', () => {
  test('--help, -h and help print the command list on stdout and exit 0', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = keel([flag]);
      assert.equal(r.code, 0, `${flag}: ${r.err}`);
      assert.match(r.out, /^usage: keel <command> \[options\]\n/);
      assert.equal(r.err, '');
    }
  });

  test('no command is bad usage, as for every sub-command: the usage on stderr, exit 2', () => {
    const r = keel([]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^usage: keel <command> \[options\]\n/);
  });

  test('an unknown command is bad usage (exit 2)', () => {
    const r = keel(['nope']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'nope'/);
  });

  test('the command list is one aligned column: every summary starts at the same place', () => {
    const rows = keel(['--help']).out.split('\n').slice(3).filter(Boolean);
    assert.ok(rows.length > 10);
    const starts = rows.map((row) => /^ {2}\S+ {2,}/.exec(row)?.[0].length);
    assert.ok(
      starts.every((start) => start !== undefined && start === starts[0]),
      `misaligned rows:\n${rows.filter((_, i) => starts[i] !== starts[0]).join('\n')}`,
    );
  });
});
