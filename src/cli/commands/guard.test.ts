import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// Runs the command module directly, so the test does not depend on how main.ts registers it.
const GUARD = fileURLToPath(new URL('./guard.ts', import.meta.url));
const RUNNER = `const { run } = await import(${JSON.stringify(GUARD)}); process.exitCode = await run(process.argv.slice(1));`;
const dir = mkdtempSync(join(tmpdir(), 'keel-guard-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const KEY = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI2kM4'}`;

function keel(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', RUNNER, '--', ...args], {
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('keel guard scan', () => {
  test('blocked input exits 1 and never prints the secret', () => {
    const r = keel(['scan'], `deploy with ${KEY}`);
    assert.equal(r.code, 1);
    assert.match(r.out, /verdict: block \(policy 'builtin', scanner 'secrets'\)/);
    assert.ok(!r.out.includes(KEY) && !r.err.includes(KEY));
  });
  test('redacted input exits 0 and prints the redacted text; --json is machine-readable', () => {
    const r = keel(['scan'], 'write to jane@example.com');
    assert.equal(r.code, 0);
    assert.match(r.out, /write to \[EMAIL_ADDRESS\]/);
    const j = keel(['scan', '--json', '-'], 'write to jane@example.com');
    const doc = JSON.parse(j.out) as { action: string; results: Array<{ scanner: string }> };
    assert.equal(doc.action, 'redact');
    assert.ok(doc.results.some((x) => x.scanner === 'pii'));
  });
  test('policy file, checkpoint, file argument, tool calls', () => {
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      'guard:\n  default: p\n  policies:\n    p:\n      output:\n        - scanner: url-allowlist\n          options: { allow: [example.com] }\n',
    );
    const answer = join(dir, 'answer.txt');
    writeFileSync(answer, 'see https://evil.test/x');
    assert.equal(keel(['scan', '--policy', policy, '--checkpoint', 'output', answer]).code, 1);
    assert.equal(
      keel(['scan', '--policy', policy, '--checkpoint', 'input', answer]).code,
      0,
      'no input steps',
    );
    const call = JSON.stringify({ name: 'sh', arguments: { cmd: 'ls; rm -rf /' } });
    assert.equal(keel(['scan', '--checkpoint', 'action'], call).code, 1);
  });
  test('usage and input errors exit 2; binary and invalid UTF-8 get a verdict', () => {
    assert.equal(keel(['scan', '--checkpoint', 'nope']).code, 2);
    assert.equal(keel(['scan', '--bogus']).code, 2);
    assert.equal(keel(['scan', join(dir, 'missing.txt')]).code, 2);
    assert.equal(keel(['scan', '--checkpoint', 'action'], 'not json').code, 2);
    for (const notAnObject of ['null', '42', '"run"']) {
      const r = keel(['scan', '--checkpoint', 'action'], notAnObject);
      assert.equal(r.code, 2);
      assert.match(r.err, /tool call JSON must be an object/, 'a message, not a TypeError');
    }
    assert.equal(keel(['frobnicate']).code, 2);
    assert.match(keel(['eval']).err, /keel guard eval/);
    const bin = keel(['scan'], Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]));
    assert.equal(bin.code, 0);
    assert.match(bin.err, /not valid UTF-8/);
    assert.equal(keel(['scan'], '').code, 0, 'empty input is allowed');
  });
  test('input past 10 MiB is refused as soon as the limit is passed, without waiting for the rest', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, '--', 'scan'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdin.on('error', () => {}); // EPIPE once the command stops reading
    // 11 MiB and an open stdin: a command that reads to the end would never answer.
    child.stdin.write(Buffer.alloc(11 * 1024 * 1024, 'a'));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('still reading stdin 20 s later'));
      }, 20_000);
      child.once('exit', (exit) => {
        clearTimeout(timer);
        resolve(exit);
      });
    });
    assert.equal(code, 2);
    assert.equal(err, `keel guard scan: input is larger than ${10 * 1024 * 1024} bytes\n`);
    const big = join(dir, 'big.txt');
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
    assert.equal(keel(['scan', big]).code, 2, 'a FILE past the limit too');
  });
  test('--help prints the usage and exits 0; a broken --policy file is named with its line or key', () => {
    for (const args of [['scan', '--help'], ['--help']]) {
      const r = keel(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.out, /keel guard scan \[--checkpoint/);
    }
    const syntax = join(dir, 'syntax.yaml');
    writeFileSync(syntax, 'guard:\n  policies: { p: { input: [ }\n');
    const s = keel(['scan', '--policy', syntax], 'hi');
    assert.equal(s.code, 2);
    assert.match(
      s.err,
      new RegExp(`--policy ${syntax.replaceAll('.', '\\.')}: .* at line 2, column \\d+\n$`),
    );
    const typed = join(dir, 'typed.yaml');
    writeFileSync(typed, 'guard:\n  policies:\n    p:\n      latencyBudgetMs: fast\n');
    const t = keel(['scan', '--policy', typed], 'hi');
    assert.equal(t.code, 2);
    assert.equal(
      t.err,
      `keel guard scan: ${typed}: guard.policies.p.latencyBudgetMs: Invalid input: expected number, received string\n`,
    );
    // zod's records would drop it: the scan would run with no policy and allow everything.
    const proto = join(dir, 'proto.yaml');
    writeFileSync(
      proto,
      `guard:\n  policies:\n    __proto__:\n      input: [{ scanner: secrets, action: block }]\n`,
    );
    const p = keel(['scan', '--policy', proto], `deploy with ${KEY}`);
    assert.equal(p.code, 2);
    assert.equal(
      p.err,
      `keel guard scan: ${proto}: guard.policies.__proto__: '__proto__' cannot be used as a name\n`,
    );
  });
});
