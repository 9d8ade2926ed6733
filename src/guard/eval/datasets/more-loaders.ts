import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KeelError } from '../../../errors/index.ts';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeelError('invalid_request', `Cannot read data file ${path}`, { cause: error });
  }
}

/** A labelled PII span: [start, end) character offsets and the entity type. */
export interface PiiSpan {
  type: string;
  start: number;
  end: number;
}

export interface PiiSample {
  text: string;
  spans: PiiSpan[];
}

const presidioSchema = z.array(
  z.object({
    full_text: z.string(),
    spans: z.array(
      z.object({ entity_type: z.string(), start_position: z.number().int(), end_position: z.number().int() }),
    ),
  }),
);

/** Presidio-research generated samples (`full_text` + `spans` with entity_type/start/end). */
export function loadPresidio(path: string): PiiSample[] {
  let raw: unknown;
  try {
    raw = JSON.parse(read(path));
  } catch (error) {
    if (error instanceof KeelError) throw error;
    throw new KeelError('invalid_request', `Data file ${path} is not valid JSON`, { cause: error });
  }
  const parsed = presidioSchema.safeParse(raw);
  if (!parsed.success)
    throw new KeelError('invalid_request', `Data file ${path}: not presidio-research samples`);
  return parsed.data.map((sample) => ({
    text: sample.full_text,
    spans: sample.spans.map((s) => ({ type: s.entity_type, start: s.start_position, end: s.end_position })),
  }));
}

/** Cranfield abstracts (`<text>` of the TREC XML), whitespace-collapsed. */
export function loadCranfieldAbstracts(path: string): string[] {
  return [...read(path).matchAll(/<text>([\s\S]*?)<\/text>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
}

/** BEIR SciFact claims (`text` of each queries.jsonl line). */
export function loadSciFactClaims(path: string): string[] {
  return read(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => z.object({ text: z.string() }).parse(JSON.parse(line)).text);
}
