/** Agreement statistics (kappa, confusion matrices) and bootstrap confidence intervals for evals. */
export type { BootstrapOptions, ConfidenceInterval } from './bootstrap.ts';
export { bootstrapCI, bootstrapMeanCI, bootstrapPairedDiffCI, quantile } from './bootstrap.ts';
export type { ConfusionMatrix, Label } from './confusion.ts';
export { confusionMatrix, percentAgreement, percentAgreementOf, sortLabels } from './confusion.ts';
export type { KappaWeights } from './kappa.ts';
export { cohenKappa, describeKappa, disagreementWeight, kappaFromMatrix, weightedKappa } from './kappa.ts';
export { createRng } from './prng.ts';
