import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveSharedDataDir } from '../../guard/eval/index.ts';
import { run } from './guard-train.ts';

function sharedData(): string | undefined {
  try {
    return resolveSharedDataDir();
  } catch {
    return undefined;
  }
}

async function quiet(argv: string[]): Promise<number> {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await run(argv);
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

describe('keel guard train', () => {
  it('rejects unknown tasks and options', async () => {
    assert.equal(await quiet(['--task', 'nope']), 2);
    assert.equal(await quiet(['--bogus']), 2);
    assert.equal(await quiet(['--help']), 0);
  });

  it('reproduces the committed injection model byte for byte', {
    skip: !sharedData() && 'shared data not found',
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'keel-guard-train-'));
    assert.equal(await quiet(['--task', 'injection', '--out', out]), 0);
    const committed = new URL('../../guard/models/injection.json', import.meta.url);
    assert.ok(existsSync(join(out, 'injection.json')));
    assert.equal(readFileSync(join(out, 'injection.json'), 'utf8'), readFileSync(committed, 'utf8'));
  });

  it('reproduces the committed lone injection model byte for byte, with its alone threshold', {
    skip: !sharedData() && 'shared data not found',
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'keel-guard-train-'));
    assert.equal(await quiet(['--task', 'injection-alone', '--out', out]), 0);
    const committed = new URL('../../guard/models/injection-alone.json', import.meta.url);
    const written = readFileSync(join(out, 'injection-alone.json'), 'utf8');
    assert.equal(written, readFileSync(committed, 'utf8'));
    const threshold = (JSON.parse(written) as { aloneThreshold?: number }).aloneThreshold;
    assert.ok(threshold !== undefined && threshold >= 0.8 && threshold < 1, `alone threshold ${threshold}`);
  });

  // A change to normalisation or features that moves a training row must come with a retrained model.
  it('reproduces the committed toxicity model byte for byte', {
    skip: !sharedData() && 'shared data not found',
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'keel-guard-train-'));
    assert.equal(await quiet(['--task', 'toxicity', '--out', out]), 0);
    const committed = new URL('../../guard/models/toxicity.json', import.meta.url);
    assert.equal(readFileSync(join(out, 'toxicity.json'), 'utf8'), readFileSync(committed, 'utf8'));
  });
});
