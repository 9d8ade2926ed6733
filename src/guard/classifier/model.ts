import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';
import { type FeatureOptions, linearScore, sigmoid } from './features.ts';

/**
 * The committed model file: a linear model over hashed features, with where its data came from
 * (source, licence), how it was trained and the decision threshold picked on cross-validation of
 * the training split. Weights are int16-quantised (scale = max|w| / 32767) little-endian base64,
 * which keeps a 2^18-bucket model around 700 KB and loses nothing that matters to the score.
 */
const sourceSchema = z.object({
  name: z.string(),
  url: z.string(),
  commit: z.string().optional(),
  license: z.string(),
  files: z.array(z.string()),
  note: z.string().optional(),
});

const featureSchema = z.object({
  bucketBits: z.number().int().min(8).max(24),
  charNgramMin: z.number().int().min(1).max(8),
  charNgramMax: z.number().int().min(1).max(8),
  wordNgramMax: z.number().int().min(0).max(2),
  normalization: z.enum(['l1', 'l2']).optional(),
});

export const modelFileSchema = z.object({
  format: z.literal('keel-linear-v1'),
  task: z.string().min(1),
  description: z.string(),
  sources: z.array(sourceSchema),
  training: z.record(z.string(), z.unknown()),
  features: featureSchema,
  hyperparameters: z.record(z.string(), z.number()),
  threshold: z.number().min(0).max(1),
  /**
   * The probability at which the classifier may decide without any rule beside it, chosen on
   * cross-validation like `threshold` (absent: it never decides alone).
   */
  aloneThreshold: z.number().min(0).max(1).optional(),
  crossValidation: z.record(z.string(), z.unknown()),
  bias: z.number(),
  weights: z.object({
    encoding: z.literal('int16le-base64'),
    scale: z.number().positive(),
    data: z.string(),
  }),
});

export type ModelFile = z.infer<typeof modelFileSchema>;
export type ModelSource = z.infer<typeof sourceSchema>;

/** A loaded model, ready to score. */
export interface LinearModel {
  readonly task: string;
  readonly features: FeatureOptions;
  readonly weights: Float32Array;
  readonly bias: number;
  readonly threshold: number;
  readonly aloneThreshold?: number;
}

export function encodeWeights(weights: ArrayLike<number>): ModelFile['weights'] {
  let maxAbs = 0;
  for (let i = 0; i < weights.length; i++) maxAbs = Math.max(maxAbs, Math.abs(weights[i]!));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const bytes = Buffer.alloc(weights.length * 2);
  for (let i = 0; i < weights.length; i++) bytes.writeInt16LE(Math.round(weights[i]! / scale), i * 2);
  return { encoding: 'int16le-base64', scale, data: bytes.toString('base64') };
}

export function decodeWeights(encoded: ModelFile['weights'], size: number): Float32Array {
  const bytes = Buffer.from(encoded.data, 'base64');
  if (bytes.length !== size * 2) {
    throw new KeelError('config_invalid', `Model weights hold ${bytes.length / 2} buckets, expected ${size}`);
  }
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = bytes.readInt16LE(i * 2) * encoded.scale;
  return weights;
}

/** Validates a parsed model file and decodes its weights. */
export function modelFromFile(file: unknown): LinearModel {
  const parsed = modelFileSchema.safeParse(file);
  if (!parsed.success) {
    throw new KeelError(
      'config_invalid',
      `Invalid guard model file: ${parsed.error.issues[0]?.message ?? 'bad shape'}`,
    );
  }
  const m = parsed.data;
  return {
    task: m.task,
    features: m.features,
    weights: decodeWeights(m.weights, 1 << m.features.bucketBits),
    bias: m.bias,
    threshold: m.threshold,
    ...(m.aloneThreshold === undefined ? {} : { aloneThreshold: m.aloneThreshold }),
  };
}

export function loadModelFile(path: string | URL): LinearModel {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeelError('config_invalid', `Cannot read guard model file ${String(path)}`, { cause: error });
  }
  try {
    return modelFromFile(JSON.parse(raw));
  } catch (error) {
    if (error instanceof KeelError) throw error;
    throw new KeelError('config_invalid', `Guard model file ${String(path)} is not valid JSON`, {
      cause: error,
    });
  }
}

/** Probability (0..1) that `text` (already normalised) is positive, given heuristic `extra` features. */
export function predictProbability(model: LinearModel, text: string, extra: readonly string[] = []): number {
  return sigmoid(linearScore(model, text, extra));
}
