import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { contentHash, normalizeContent } from '../content.ts';
import { assertName } from '../names.ts';
import type { LabelTarget, PromptRecord, SplitEntry, VersionContent } from '../types.ts';
import { parseWith } from '../validate.ts';

/**
 * One prompt per YAML file (`NAME.yaml`), with its whole version history so a folder in git is a
 * reviewable copy of the registry: `keel prompts pull` writes these, `push` applies them. Keys are
 * written in a fixed order and empty fields are left out, so pull → push → pull is byte-identical.
 * New versions are appended without `version`/`contentHash`; existing ones must not change.
 */

export interface FileVersion {
  /** Absent for a version to create. */
  version?: number;
  createdAt?: number;
  author?: string;
  commitMessage: string;
  /** When present, must match the content (catches edits to a released version). */
  contentHash?: string;
  content: VersionContent;
}

export interface PromptFile {
  name: string;
  description: string;
  tags: string[];
  labels: Record<string, LabelTarget>;
  versions: FileVersion[];
}

const META_KEYS = ['version', 'createdAt', 'author', 'commitMessage', 'contentHash'];

const splitSchema = z
  .array(z.strictObject({ version: z.number().int().min(1), weight: z.number().min(0) }))
  .min(1)
  .max(10);
const fileSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).optional(),
  labels: z
    .record(z.string(), z.union([z.number().int().min(1), z.strictObject({ split: splitSchema })]))
    .optional(),
  versions: z
    .array(
      z.looseObject({
        version: z.number().int().min(1).optional(),
        createdAt: z.iso.datetime().optional(),
        author: z.string().max(256).optional(),
        commitMessage: z.string().max(2000).optional(),
        contentHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
      }),
    )
    .min(1),
});

function contentFields(content: VersionContent): Record<string, unknown> {
  const out: Record<string, unknown> = { type: content.type };
  if (content.model !== undefined) out.model = content.model;
  if (Object.keys(content.parameters).length > 0) out.parameters = content.parameters;
  // Readable key order (the store keeps canonical, sorted JSON): type before default, role before content.
  const variables = Object.entries(content.variables).map(([name, spec]) => [
    name,
    {
      type: spec.type,
      ...(spec.default === undefined ? {} : { default: spec.default }),
      ...(spec.description === undefined ? {} : { description: spec.description }),
    },
  ]);
  if (variables.length > 0) out.variables = Object.fromEntries(variables);
  if (content.messages !== undefined) {
    out.messages = content.messages.map((m) => ({
      role: m.role,
      ...(m.name === undefined ? {} : { name: m.name }),
      content: m.content,
    }));
  }
  if (content.text !== undefined) out.text = content.text;
  if (content.tools !== undefined) out.tools = content.tools;
  if (content.responseFormat !== undefined) out.responseFormat = content.responseFormat;
  return out;
}

/** A version's content as YAML (for `show` and `diff`). */
export function versionYaml(content: VersionContent): string {
  return stringify(contentFields(content), { lineWidth: 0, minContentWidth: 0 });
}

const labelValue = (t: LabelTarget): number | { split: SplitEntry[] } =>
  t.split === null ? t.version : { split: t.split };

/** The file text for a prompt as the store holds it. */
export function stringifyPromptFile(record: PromptRecord): string {
  const doc: Record<string, unknown> = { name: record.meta.name };
  if (record.meta.description !== '') doc.description = record.meta.description;
  if (record.meta.tags.length > 0) doc.tags = record.meta.tags;
  const labels = [...record.labels].sort((a, b) => (a.label < b.label ? -1 : 1));
  if (labels.length > 0) doc.labels = Object.fromEntries(labels.map((l) => [l.label, labelValue(l)]));
  doc.versions = [...record.versions]
    .sort((a, b) => a.version - b.version)
    .map((v) => ({
      version: v.version,
      createdAt: new Date(v.createdAt).toISOString(),
      author: v.author,
      ...(v.commitMessage === '' ? {} : { commitMessage: v.commitMessage }),
      contentHash: v.contentHash,
      ...contentFields(v.content),
    }));
  return stringify(doc, { lineWidth: 0, minContentWidth: 0 });
}

/** Parses and validates a file; errors name the file (and the field). */
export function parsePromptFile(text: string, file: string): PromptFile {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new KeelError(
      'invalid_request',
      `${file}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const doc = parseWith(fileSchema, raw, file);
  assertName(doc.name);
  const versions = doc.versions.map((entry, i): FileVersion => {
    const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !META_KEYS.includes(key)));
    const content = normalizeContent(rest, `${file}: versions[${i}]`);
    const hash = contentHash(content);
    if (entry.contentHash !== undefined && entry.contentHash !== hash) {
      const which = entry.version === undefined ? `versions[${i}]` : `version ${entry.version}`;
      throw new KeelError(
        'invalid_request',
        `${file}: ${which} no longer matches its contentHash: released versions are immutable; append a new version (without version/contentHash) instead`,
      );
    }
    return {
      ...(entry.version === undefined ? {} : { version: entry.version }),
      ...(entry.createdAt === undefined ? {} : { createdAt: Date.parse(entry.createdAt) }),
      ...(entry.author === undefined ? {} : { author: entry.author }),
      commitMessage: entry.commitMessage ?? '',
      ...(entry.contentHash === undefined ? {} : { contentHash: hash }),
      content,
    };
  });
  const labels: Record<string, LabelTarget> = {};
  for (const [label, value] of Object.entries(doc.labels ?? {})) {
    labels[label] =
      typeof value === 'number' ? { version: value, split: null } : { version: 0, split: value.split };
  }
  return { name: doc.name, description: doc.description ?? '', tags: doc.tags ?? [], labels, versions };
}
