import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { TrainExample } from '../../classifier/index.ts';

/**
 * Keel's own injection training corpus (data/keel-train.json): attacks in the families deepset
 * lacks (indirect injection in documents and tool results, agent hijacking, exfiltration, long
 * jailbreak set-ups) and hard negatives that share their vocabulary. Written blind to the scanner
 * and to every evaluation set; it is training data only and never an evaluation row.
 */
const fileSchema = z.object({
  _about: z.string(),
  attacks: z.array(z.string().min(1)).min(1),
  benign: z.array(z.string().min(1)).min(1),
});

const FILE = new URL('./data/keel-train.json', import.meta.url);

export function keelTrainingExamples(): TrainExample[] {
  const corpus = fileSchema.parse(JSON.parse(readFileSync(FILE, 'utf8')));
  return [
    ...corpus.attacks.map((text) => ({ text, label: 1 as const })),
    ...corpus.benign.map((text) => ({ text, label: 0 as const })),
  ];
}
