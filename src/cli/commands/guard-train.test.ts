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

  // A change to normalisation or features that moves a training row must come with a retrained model.
  for (const task of ['injection', 'injection-alone', 'toxicity']) {
    it(`reproduces the committed ${task} model byte for byte`, {
      skip: !sharedData() && 'shared data not found',
    }, async () => {
      const out = mkdtempSync(join(tmpdir(), 'keel-guard-train-'));
      assert.equal(await quiet(['--task', task, '--out', out]), 0);
      const committed = new URL(`../../guard/models/${task}.json`, import.meta.url);
      assert.ok(existsSync(join(out, `${task}.json`)));
      const written = readFileSync(join(out, `${task}.json`), 'utf8');
      assert.equal(written, readFileSync(committed, 'utf8'));
      // Only the lone injection model may block on its own, at a threshold training chose.
      const alone = (JSON.parse(written) as { aloneThreshold?: number }).aloneThreshold;
      if (task === 'injection-alone') assert.ok(alone !== undefined && alone >= 0.8 && alone < 1, `${alone}`);
      else assert.equal(alone, undefined);
    });
  }
});
