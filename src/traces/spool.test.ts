import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeRecord } from '../store/conformance-fixtures.ts';
import { Spool } from './spool.ts';

const root = mkdtempSync(join(tmpdir(), 'keel-spool-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `d${++dirs}`);
const host = hostname().replace(/[^A-Za-z0-9.]/g, '_');

test('append, seal on next(), read back, remove', async () => {
  const dir = freshDir();
  const spool = new Spool({ dir, maxBytes: 1_000_000 });
  const batch = [makeRecord(), makeRecord({ user: 'ü 🚀', metadata: { a: [1] } })];
  assert.equal(await spool.append(batch), 2);
  assert.ok(readdirSync(dir)[0]?.endsWith('.jsonl.part'));
  const file = await spool.next();
  assert.ok(file?.endsWith('.jsonl'));
  const { records, invalid } = await spool.read(file!);
  assert.deepEqual(records, batch);
  assert.equal(invalid, 0);
  assert.ok(spool.bytes > 0);
  await spool.remove(file!);
  await spool.remove(file!);
  assert.equal(spool.bytes, 0);
  assert.equal(await spool.next(), null);
});

test('files rotate at fileBytes and the total never exceeds maxBytes', async () => {
  const dir = freshDir();
  const lineBytes = Buffer.byteLength(`${JSON.stringify(makeRecord())}\n`);
  const spool = new Spool({ dir, maxBytes: lineBytes * 10 + 5, fileBytes: lineBytes * 3 });
  let accepted = 0;
  for (let i = 0; i < 6; i++) accepted += await spool.append([makeRecord(), makeRecord()]);
  assert.equal(accepted, 10);
  assert.ok(spool.bytes <= lineBytes * 10 + 5);
  await spool.close();
  const files = readdirSync(dir);
  assert.ok(files.length >= 3, files.join());
  assert.ok(files.every((name) => name.endsWith('.jsonl')));
});

test('a spool opened on an existing directory counts its bytes and replays old files oldest first', async () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'records-2-h-1-0.jsonl'), `${JSON.stringify(makeRecord())}\n`);
  writeFileSync(join(dir, 'records-1-h-1-0.jsonl'), `${JSON.stringify(makeRecord())}\n`);
  writeFileSync(join(dir, 'unrelated.txt'), 'x'.repeat(100_000));
  const spool = new Spool({ dir, maxBytes: 1_000_000 });
  const first = await spool.next();
  assert.ok(first?.endsWith('records-1-h-1-0.jsonl'));
  assert.ok(spool.bytes > 0 && spool.bytes < 100_000);
});

test('part files of dead processes on this host are adopted; live ones are left alone', async () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const line = `${JSON.stringify(makeRecord())}\n`;
  writeFileSync(join(dir, `records-1-${host}-${dead}-0.jsonl.part`), line);
  writeFileSync(join(dir, `records-1-${host}-${process.ppid}-0.jsonl.part`), line);
  writeFileSync(join(dir, `records-1-otherhost-${dead}-0.jsonl.part`), line);
  const spool = new Spool({ dir, maxBytes: 1_000_000 });
  const adopted = await spool.next();
  assert.equal(adopted, join(dir, `records-1-${host}-${dead}-0.jsonl`));
  await spool.remove(adopted!);
  assert.equal(await spool.next(), null);
  assert.equal(readdirSync(dir).filter((name) => name.endsWith('.part')).length, 2);
});

test('the directory is created on first append, not before', async () => {
  const dir = freshDir();
  const spool = new Spool({ dir, maxBytes: 1_000_000 });
  assert.equal(await spool.next(), null);
  assert.equal(existsSync(dir), false);
  assert.equal(await spool.append([makeRecord()]), 1);
  assert.equal(existsSync(dir), true);
});
