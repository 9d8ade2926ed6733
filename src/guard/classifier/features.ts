// FNV-1a finished by fmix32 (FNV's low bits, the ones the bucket mask keeps, mix poorly); trained
// models depend on these exact values.
import { FNV_OFFSET, fmix32, fnv1a, fnvStep } from '../../util/index.ts';
import { isWordCharCode } from '../normalize/index.ts';

/**
 * Hashed n-gram features ("the hashing trick"): character n-grams and word uni/bi-grams of the
 * (already normalised) text, plus named extra features from scanner heuristics, all folded into
 * 2^bucketBits buckets. Presence is binary and the vector is L2-normalised, so long and short
 * texts score on the same scale.
 */
export interface FeatureOptions {
  bucketBits: number;
  charNgramMin: number;
  charNgramMax: number;
  /** 1 = word unigrams, 2 = unigrams and bigrams, 0 = no word features. */
  wordNgramMax: number;
  /**
   * 'l2' (default): values 1/sqrt(n); 'l1': values 1/n, so the score is a mean over features
   * and does not drift with text length (long texts have more features).
   */
  normalization?: 'l1' | 'l2';
}

function featureValue(unique: number, options: FeatureOptions): number {
  if (unique === 0) return 0;
  return options.normalization === 'l1' ? 1 / unique : 1 / Math.sqrt(unique);
}

export interface SparseVector {
  /** Sorted, unique bucket indices. */
  indices: Int32Array;
  /** Feature values (all 1/sqrt(n) for binary presence). */
  values: Float64Array;
}

const WORD_SEED = 0x2545f491;
const BIGRAM_SEED = 0x68e31da4;
const EXTRA_SEED = 0x1b873593;

let scratch = new Int32Array(8192);

function push(count: number, bucket: number): number {
  if (count >= scratch.length) {
    const grown = new Int32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  scratch[count] = bucket;
  return count + 1;
}

function charNgrams(text: string, options: FeatureOptions, count: number, mask: number): number {
  const padded = ` ${text} `;
  const { charNgramMin: min, charNgramMax: max } = options;
  let n = count;
  for (let i = 0; i + min <= padded.length; i++) {
    let h = FNV_OFFSET;
    const limit = Math.min(max, padded.length - i);
    for (let k = 0; k < limit; k++) {
      h = fnvStep(h, padded.charCodeAt(i + k));
      if (k + 1 >= min) n = push(n, fmix32(h) & mask);
    }
  }
  return n;
}

function wordNgrams(text: string, options: FeatureOptions, count: number, mask: number): number {
  let n = count;
  let prev = 0;
  let hasPrev = false;
  let i = 0;
  while (i < text.length) {
    if (!isWordCharCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let h = WORD_SEED;
    while (i < text.length && isWordCharCode(text.charCodeAt(i))) h = fnvStep(h, text.charCodeAt(i++));
    n = push(n, fmix32(h) & mask);
    if (options.wordNgramMax >= 2 && hasPrev)
      n = push(n, fmix32(Math.imul(prev, 0x9e3779b1) ^ h ^ BIGRAM_SEED) & mask);
    prev = h;
    hasPrev = true;
  }
  return n;
}

/** Writes every feature occurrence's bucket into the shared scratch buffer; returns the count. */
function collect(text: string, extra: readonly string[], options: FeatureOptions): number {
  const mask = (1 << options.bucketBits) - 1;
  let n = charNgrams(text, options, 0, mask);
  if (options.wordNgramMax > 0) n = wordNgrams(text, options, n, mask);
  for (const name of extra) n = push(n, fmix32(fnv1a(name, EXTRA_SEED)) & mask);
  return n;
}

/** The feature vector of `text` (for training and inspection). */
export function vectorize(text: string, extra: readonly string[], options: FeatureOptions): SparseVector {
  const n = collect(text, extra, options);
  const sorted = scratch.slice(0, n).sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i]!;
  }
  const value = featureValue(unique, options);
  return { indices: sorted.slice(0, unique), values: new Float64Array(unique).fill(value) };
}

const seenByBits = new Map<number, Uint8Array>();

/** bias + w·x for `text`, without allocating a vector (the inference hot path). */
export function linearScore(
  model: { weights: ArrayLike<number>; bias: number; features: FeatureOptions },
  text: string,
  extra: readonly string[] = [],
): number {
  const options = model.features;
  const n = collect(text, extra, options);
  let seen = seenByBits.get(options.bucketBits);
  if (!seen) {
    seen = new Uint8Array(1 << options.bucketBits);
    seenByBits.set(options.bucketBits, seen);
  }
  let sum = 0;
  let unique = 0;
  for (let i = 0; i < n; i++) {
    const bucket = scratch[i]!;
    if (seen[bucket] === 0) {
      seen[bucket] = 1;
      sum += model.weights[bucket]!;
      unique++;
    }
  }
  for (let i = 0; i < n; i++) seen[scratch[i]!] = 0;
  return model.bias + sum * featureValue(unique, options);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
