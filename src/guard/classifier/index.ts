export { createRng, fmix32, fnv1a } from '../../util/index.ts';
export type { GroupedVector, ThresholdChoice } from './cross-validate.ts';
export { assignFolds, chooseThreshold, outOfFoldScores } from './cross-validate.ts';
export type { FeatureOptions, SparseVector } from './features.ts';
export { linearScore, sigmoid, vectorize } from './features.ts';
export type { HyperParameters, LabelledVector, TrainedWeights } from './logistic.ts';
export { predictVector, trainLogistic } from './logistic.ts';
export type { LinearModel, ModelFile, ModelSource } from './model.ts';
export {
  decodeWeights,
  encodeWeights,
  loadModelFile,
  modelFileSchema,
  modelFromFile,
  predictProbability,
} from './model.ts';
export { shuffleInPlace } from './shuffle.ts';
export type { TrainExample, TrainReport, TrainTaskSpec } from './train.ts';
export { serializeModel, trainFromExamples, trainModel, writeModel } from './train.ts';
