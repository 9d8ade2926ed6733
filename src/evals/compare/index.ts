/** Experiment comparison (per item and aggregate with bootstrap CIs) and pairwise judging. */
export {
  type CompareOptions,
  type Comparison,
  compareExperiments,
  defaultPairs,
  type ItemChange,
  type MetricDiff,
  type PairComparison,
} from './compare.ts';
export { formatComparison } from './format.ts';
export {
  judgePairwise,
  type PairwiseRow,
  type PairwiseSummary,
  pairwiseRowOf,
  pairwiseRows,
} from './pairwise.ts';
