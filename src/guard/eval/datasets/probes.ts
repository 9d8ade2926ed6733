import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LabelledText } from './loaders.ts';

const partSchema = z.record(z.string(), z.array(z.string()));
const fileSchema = z.object({
  dev: partSchema,
  unseen: partSchema,
  'unseen-2': partSchema.optional(),
  'unseen-3': partSchema.optional(),
});

export type ProbePart = 'dev' | 'unseen' | 'unseen-2' | 'unseen-3';

/**
 * Probe sets written for Keel (scanners/<name>/data/keel-probes.json): per part ('dev' shaped
 * rules, the 'unseen' parts did not), the texts under `positive` are label 1 and those under
 * `benign` 0.
 */
export function loadKeelProbes(file: URL, part: ProbePart, positive: string): LabelledText[] {
  const probes = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))[part];
  const pos = probes?.[positive];
  const benign = probes?.benign;
  if (!pos || !benign) throw new Error(`${file.pathname}: ${part} needs '${positive}' and 'benign' lists`);
  return [
    ...pos.map((text) => ({ text, label: 1 as const })),
    ...benign.map((text) => ({ text, label: 0 as const })),
  ];
}

/**
 * Realistic system prompts written for Keel (scanners/injection/data/system-prompts.json), all
 * benign: what operators put in the system message.
 */
export function loadKeelSystemPrompts(file: URL): LabelledText[] {
  const parsed = z.object({ prompts: z.array(z.string()) }).parse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.prompts.map((text) => ({ text, label: 0 as const }));
}
