import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createRng } from '../../classifier/index.ts';

/**
 * Expands the hand-written benign prompt templates in data/benign-prompts.json into extra negative
 * training examples. The deepset data's benign side is mostly short news questions, so without
 * these the classifier learns "any instruction to an assistant" as the injection signal.
 * Deterministic: a seeded generator picks the slot fillers.
 */
const fileSchema = z.object({
  slots: z.record(z.string(), z.array(z.string())),
  templates: z.array(z.string()),
  sentences: z.array(z.string()),
});

/** How many prompts to draw from each template (the templates' order in the data file). */
const PER_TEMPLATE = [120, 100, 160, 60, 30, 40];

function fill(template: string, slots: Record<string, string[]>, rng: () => number, depth = 0): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const options = slots[name];
    if (!options || depth > 3) return whole;
    const choice = options[Math.floor(rng() * options.length)]!;
    return fill(choice, slots, rng, depth + 1);
  });
}

/**
 * Multi-part prompts made by joining 2–4 of the single prompts: deepset's injections are often a
 * benign question with an attack appended, so without long benign composites the classifier would
 * learn length and multi-sentence structure as the attack signal.
 */
function composites(singles: readonly string[], count: number, rng: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts = 2 + Math.floor(rng() * 3);
    const picked: string[] = [];
    for (let k = 0; k < parts; k++) picked.push(singles[Math.floor(rng() * singles.length)]!);
    out.push(picked.join(' '));
  }
  return out;
}

export function benignPromptExamples(seed = 7, compositeCount = 250): string[] {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('./data/benign-prompts.json', import.meta.url), 'utf8'),
  );
  const data = fileSchema.parse(raw);
  const rng = createRng(seed);
  const out = new Set<string>(data.sentences);
  data.templates.forEach((template, i) => {
    const count = PER_TEMPLATE[i] ?? 50;
    for (let k = 0; k < count; k++) out.add(fill(template, data.slots, rng));
  });
  const singles = [...out];
  return [...singles, ...composites(singles, compositeCount, rng)];
}
