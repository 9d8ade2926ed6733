/**
 * Simulated embeddings: one deterministic unit vector per input, seeded by a hash of the model and
 * the input, so equal inputs embed equally. `dimensions` (≤ embeddingDim) shortens the vector; the
 * shorter vector is the renormalised prefix of the longer one, as with OpenAI's text-embedding-3.
 * `encoding_format: 'base64'` returns little-endian float32 bytes in base64.
 */
import { KeelError } from '../../errors/index.ts';
import type { EmbeddingRequest, EmbeddingResponse, Usage } from '../../spec/index.ts';
import { fnv1a, mulberry32 } from '../../util/index.ts';
import { countInputTokens } from './prompt-tokens.ts';

type Input = string | readonly number[];

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

/** The request's inputs as a list: a string, strings, one token array or token arrays. */
export function embeddingInputs(input: unknown): Input[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((v) => typeof v === 'string')) return input as string[];
    if (isNumberArray(input)) return [input];
    if (input.every(isNumberArray)) return input as number[][];
  }
  throw new KeelError(
    'invalid_request',
    "'input' must be a non-empty string, array of strings, array of tokens or array of token arrays",
    { param: 'input' },
  );
}

function vector(seed: number, dim: number): Float64Array {
  const rng = mulberry32(seed);
  const values = new Float64Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    // Centred uniform draws; any nonzero spread works once normalised.
    const v = rng() / 4294967296 - 0.5;
    values[i] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let i = 0; i < dim; i++) values[i] = (values[i] as number) * scale;
  return values;
}

function toBase64(values: Float64Array): string {
  const bytes = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i] as number, i * 4);
  return bytes.toString('base64');
}

function dimensionsOf(request: EmbeddingRequest, embeddingDim: number): number {
  const { dimensions } = request;
  if (dimensions === undefined || dimensions === null) return embeddingDim;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > embeddingDim) {
    throw new KeelError('invalid_request', `'dimensions' must be an integer between 1 and ${embeddingDim}`, {
      param: 'dimensions',
    });
  }
  return dimensions;
}

export function simEmbeddings(
  request: EmbeddingRequest,
  options: { embeddingDim: number },
): { body: EmbeddingResponse; usage: Usage } {
  const inputs = embeddingInputs(request.input);
  const dim = dimensionsOf(request, options.embeddingDim);
  const format = request.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw new KeelError('invalid_request', "'encoding_format' must be 'float' or 'base64'", {
      param: 'encoding_format',
    });
  }
  const modelHash = fnv1a(request.model);
  const data = inputs.map((input, index) => {
    const key = typeof input === 'string' ? `s${input}` : `t${input.join(',')}`;
    const values = vector(fnv1a(key, modelHash), dim);
    const embedding = format === 'base64' ? toBase64(values) : Array.from(values);
    return { object: 'embedding' as const, index, embedding };
  });
  const tokens = countInputTokens(inputs);
  return {
    body: {
      object: 'list',
      data,
      model: request.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    usage: { promptTokens: tokens, completionTokens: 0, totalTokens: tokens },
  };
}
