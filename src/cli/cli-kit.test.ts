import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../errors/index.ts';
import {
  type CliIo,
  printResult,
  printRows,
  runSubcommands,
  subcommand,
  table,
  usageError,
} from './cli-kit.ts';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {} },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const USAGE = 'usage: keel thing make NAME\n';

const make = subcommand({
  options: { loud: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  positional: 'usage: keel thing make NAME',
  run: async ({ values, positionals }, io) => {
    if (positionals[0] === 'gone') throw new KeelError('not_found', 'no such thing');
    io.out(`made ${positionals[0]}${values.loud ? '!' : ''}\n`);
    return 0;
  },
});
const list = subcommand({
  options: { help: { type: 'boolean', short: 'h' } },
  run: async (_parsed, io) => {
    io.out('listed\n');
    return 0;
  },
});
const thing = (argv: string[], io: CliIo) =>
  runSubcommands('thing', argv, { io, usage: USAGE, subcommands: { make, list } });

describe('runSubcommands + subcommand', () => {
  it('runs a subcommand with its parsed flags', async () => {
    const c = capture();
    assert.equal(await thing(['make', 'box', '--loud'], c.io), 0);
    assert.equal(c.out(), 'made box!\n');
  });

  it('prints the usage: on stdout for help (0), on stderr without a subcommand (2)', async () => {
    for (const argv of [['help'], ['--help'], ['make', '--help'], ['list', '-h']]) {
      const c = capture();
      assert.equal(await thing(argv, c.io), 0, argv.join(' '));
      assert.equal(c.out(), USAGE);
    }
    const c = capture();
    assert.equal(await thing([], c.io), 2);
    assert.equal(c.err(), USAGE);
  });

  it('bad usage exits 2 with the subcommand named; other KeelErrors exit 1', async () => {
    const cases: [string[], number, string][] = [
      [['make'], 2, 'keel thing make: usage: keel thing make NAME\n'],
      [['make', 'a', 'b'], 2, 'keel thing make: usage: keel thing make NAME\n'],
      [['list', 'x'], 2, "keel thing list: unexpected argument 'x'\n"],
      [['make', 'gone'], 1, 'keel thing make: no such thing\n'],
      [['nope'], 2, `keel thing: unknown subcommand 'nope'\n${USAGE}`],
      [['toString'], 2, `keel thing: unknown subcommand 'toString'\n${USAGE}`],
    ];
    for (const [argv, code, err] of cases) {
      const c = capture();
      assert.equal(await thing(argv, c.io), code, argv.join(' '));
      assert.equal(c.err(), err);
    }
    const c = capture();
    assert.equal(await thing(['make', 'x', '--bogus'], c.io), 2);
    assert.match(c.err(), /^keel thing make: Unknown option '--bogus'/);
  });

  it('maps KeelError codes through exitFor and rethrows anything else', async () => {
    const fails = (error: unknown) => async () => {
      throw error;
    };
    const c = capture();
    const exitFor = (code: string) => (code === 'store_unavailable' ? 3 : undefined);
    const subcommands = { a: fails(new KeelError('store_unavailable', 'down')), b: fails(new Error('bug')) };
    assert.equal(await runSubcommands('x', ['a'], { io: c.io, usage: USAGE, subcommands, exitFor }), 3);
    assert.equal(c.err(), 'keel x a: down\n');
    await assert.rejects(runSubcommands('x', ['b'], { io: c.io, usage: USAGE, subcommands }), /bug/);
    assert.equal(usageError('m').code, 'invalid_request');
  });
});

describe('output', () => {
  it('printResult writes pretty JSON or the human text', () => {
    const c = capture();
    printResult(c.io, { id: 1 }, { json: true, text: 'no\n' });
    printResult(c.io, { id: 1 }, { json: false, text: 'created 1\n' });
    assert.equal(c.out(), '{\n  "id": 1\n}\ncreated 1\n');
  });

  it('tables align columns, show missing values as - and control characters inert', () => {
    const text = table(
      [
        { id: 'a', name: 'evil\u001b[2J', n: null },
        { id: 'bbb', name: 'x', n: 2 },
      ],
      ['id', 'name', 'n'],
    );
    assert.equal(text, 'id   name      n\na    evil?[2J  -\nbbb  x         2\n');
  });

  it('printRows says an empty list on stderr', () => {
    const c = capture();
    printRows(c.io, [], { json: false, columns: ['id'], empty: 'nothing' });
    assert.equal(c.out(), '');
    assert.equal(c.err(), 'nothing\n');
  });
});
