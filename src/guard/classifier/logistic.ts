import { createRng } from '../../util/index.ts';
import type { SparseVector } from './features.ts';
import { shuffleInPlace } from './shuffle.ts';

/**
 * Logistic regression by AdaGrad SGD with L2, over sparse hashed vectors. Deterministic: the only
 * randomness is the seeded example order, and all arithmetic is float64 in a fixed order, so the
 * same data and settings give bit-identical weights.
 */
export interface HyperParameters {
  epochs: number;
  learningRate: number;
  /** L2 strength, applied to the weights an example touches (the usual sparse approximation). */
  l2: number;
  /** Weight of positive examples relative to negatives (1 = unweighted). */
  positiveWeight: number;
}

export interface TrainedWeights {
  weights: Float64Array;
  bias: number;
}

export interface LabelledVector {
  vector: SparseVector;
  label: 0 | 1;
}

export function trainLogistic(
  data: readonly LabelledVector[],
  options: { bucketBits: number; params: HyperParameters; seed: number },
): TrainedWeights {
  const { params } = options;
  const size = 1 << options.bucketBits;
  const weights = new Float64Array(size);
  const gradSq = new Float64Array(size);
  let bias = 0;
  let biasGradSq = 0;
  const rng = createRng(options.seed);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (const index of order) {
      const { vector, label } = data[index]!;
      const { indices, values } = vector;
      let z = bias;
      for (let k = 0; k < indices.length; k++) z += weights[indices[k]!]! * values[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - label) * (label === 1 ? params.positiveWeight : 1);
      for (let k = 0; k < indices.length; k++) {
        const j = indices[k]!;
        const grad = g * values[k]! + params.l2 * weights[j]!;
        gradSq[j]! += grad * grad;
        weights[j]! -= (params.learningRate * grad) / (Math.sqrt(gradSq[j]!) + 1e-8);
      }
      biasGradSq += g * g;
      bias -= (params.learningRate * g) / (Math.sqrt(biasGradSq) + 1e-8);
    }
  }
  return { weights, bias };
}

export function predictVector(model: TrainedWeights, vector: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < vector.indices.length; k++) z += model.weights[vector.indices[k]!]! * vector.values[k]!;
  return 1 / (1 + Math.exp(-z));
}
