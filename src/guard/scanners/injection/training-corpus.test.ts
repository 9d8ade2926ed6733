import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  loadAwesomePrompts,
  loadKeelProbes,
  loadKeelSystemPrompts,
  loadPromptJson,
  loadTextLabelCsv,
  SHARED_FILES,
} from '../../eval/datasets/index.ts';
import { keelTrainingExamples } from './training-corpus.ts';

const DATA = fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const shared = existsSync(join(DATA, SHARED_FILES.deepsetVal));
const PROBES = new URL('./data/keel-probes.json', import.meta.url);
const key = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

describe('injection training corpus (data/keel-train.json)', () => {
  const examples = keelTrainingExamples();

  it('holds both labels, with no text twice and none under both labels', () => {
    const attacks = examples.filter((e) => e.label === 1);
    assert.ok(attacks.length >= 450 && examples.length - attacks.length >= 900);
    assert.equal(new Set(examples.map((e) => key(e.text))).size, examples.length);
  });

  it('shares no text with Keel’s probe sets and system prompts, which are evaluation rows', () => {
    const raw = JSON.parse(readFileSync(PROBES, 'utf8')) as Record<string, unknown>;
    const parts = (['dev', 'unseen', 'unseen-2', 'unseen-3'] as const).filter((part) => part in raw);
    assert.ok(parts.length === 4);
    const systemPrompts = loadKeelSystemPrompts(new URL('./data/system-prompts.json', import.meta.url));
    const probeTexts = new Set([
      ...parts.flatMap((part) => loadKeelProbes(PROBES, part, 'attacks')).map((r) => key(r.text)),
      ...systemPrompts.map((r) => key(r.text)),
    ]);
    assert.deepEqual(
      examples.filter((e) => probeTexts.has(key(e.text))).map((e) => e.text),
      [],
    );
  });

  it('shares no text with the shared evaluation sets', {
    skip: shared ? false : 'shared data not present',
  }, () => {
    const evaluation = new Set(
      [
        ...loadTextLabelCsv(join(DATA, SHARED_FILES.deepsetVal)),
        ...loadPromptJson(join(DATA, SHARED_FILES.notInjectOne)),
        ...loadPromptJson(join(DATA, SHARED_FILES.notInjectTwo)),
        ...loadPromptJson(join(DATA, SHARED_FILES.wildguard)),
        ...loadAwesomePrompts(join(DATA, SHARED_FILES.awesomePrompts)),
      ].map((r) => key(r.text)),
    );
    assert.ok(evaluation.size > 1000);
    assert.deepEqual(
      examples.filter((e) => evaluation.has(key(e.text))).map((e) => e.text),
      [],
    );
  });
});
