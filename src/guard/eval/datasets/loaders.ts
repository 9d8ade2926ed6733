import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KeelError } from '../../../errors/index.ts';
import { parseCsvRecords } from './csv.ts';

/** A text with a binary label: 1 = should be caught (injection, toxic), 0 = benign. */
export interface LabelledText {
  text: string;
  label: 0 | 1;
}

/** The file's text, without the byte-order mark some editors write first (JSON.parse refuses it). */
function readText(path: string): string {
  try {
    const text = readFileSync(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    throw new KeelError('invalid_request', `Cannot read data file ${path}`, { cause: error });
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof KeelError) throw error;
    throw new KeelError('invalid_request', `Data file ${path} is not valid JSON`, { cause: error });
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeelError(
      'invalid_request',
      `Data file ${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

const binaryLabel = z.union([z.literal(0), z.literal(1), z.literal('0'), z.literal('1'), z.boolean()]);

function toLabel(value: z.infer<typeof binaryLabel>): 0 | 1 {
  return value === 1 || value === '1' || value === true ? 1 : 0;
}

/** `text,label` CSV (the deepset re-split). */
export function loadTextLabelCsv(path: string): LabelledText[] {
  return parseCsvRecords(readText(path)).map((record, i) => {
    const row = parseWith(z.object({ text: z.string(), label: binaryLabel }), record, `${path} row ${i + 1}`);
    return { text: row.text, label: toLabel(row.label) };
  });
}

/** JSON array of `{ prompt, label? }` (NotInject, wildguard); a missing label means benign. */
export function loadPromptJson(path: string): LabelledText[] {
  const rows = parseWith(
    z.array(z.object({ prompt: z.string(), label: binaryLabel.optional() })),
    readJson(path),
    path,
  );
  return rows.map((row) => ({ text: row.prompt, label: row.label === undefined ? 0 : toLabel(row.label) }));
}

/**
 * awesome-chatgpt-prompts (`act,prompt`): role-play prompts, benign, except the "DAN" row, which
 * is a jailbreak and is labelled 1 (so it counts as a catch, not as a false positive).
 */
export function loadAwesomePrompts(path: string): LabelledText[] {
  return parseCsvRecords(readText(path)).map((record, i) => {
    const row = parseWith(z.object({ act: z.string(), prompt: z.string() }), record, `${path} row ${i + 1}`);
    return { text: row.prompt, label: /\bDAN\b/.test(row.act) ? 1 : 0 };
  });
}

/** LangKit themes: the `jailbreak` list (label 1). */
export function loadLangkitJailbreaks(path: string): LabelledText[] {
  const themes = parseWith(z.object({ jailbreak: z.array(z.string()) }), readJson(path), path);
  return themes.jailbreak.map((text) => ({ text, label: 1 as const }));
}

/** Generic JSONL: one `{ "text": string, "label": 0 | 1 | boolean }` per line; blank lines skipped. */
export function loadJsonl(path: string): LabelledText[] {
  const schema = z.object({ text: z.string(), label: binaryLabel });
  const out: LabelledText[] = [];
  readText(path)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new KeelError('invalid_request', `${path} line ${i + 1}: not valid JSON`, { cause: error });
      }
      const row = parseWith(schema, value, `${path} line ${i + 1}`);
      out.push({ text: row.text, label: toLabel(row.label) });
    });
  return out;
}

/** Davidson et al. tweets: `class` 0 hate, 1 offensive, 2 neither. */
export interface DavidsonTweet {
  text: string;
  cls: 0 | 1 | 2;
}

export function loadDavidson(path: string): DavidsonTweet[] {
  return parseCsvRecords(readText(path)).map((record, i) => {
    const row = parseWith(
      z.object({ tweet: z.string(), class: z.enum(['0', '1', '2']) }),
      record,
      `${path} row ${i + 1}`,
    );
    return { text: row.tweet, cls: Number(row.class) as 0 | 1 | 2 };
  });
}

/**
 * The shared data directory: `KEEL_SHARED_DATA`, else `../shared/data` next to the repository
 * root, else `../shared/data` from the working directory.
 */
export function resolveSharedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEEL_SHARED_DATA) return resolve(env.KEEL_SHARED_DATA);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  const candidates = [join(repoRoot, '../shared/data'), resolve('../shared/data'), resolve('shared/data')];
  const found = candidates.find((dir) => existsSync(join(dir, 'guard')));
  if (!found) {
    throw new KeelError(
      'invalid_request',
      'Shared data not found: set KEEL_SHARED_DATA or place it at ../shared/data next to the repository',
    );
  }
  return found;
}
