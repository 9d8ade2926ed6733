/** Eval files, the CI gate (thresholds + regressions vs a baseline), JUnit/JSON output. */
export { type EvalFile, evalFileSchema, type GateConfig, gateSchema } from './eval-file-schema.ts';
export { evaluateGate, formatGate, type GateCheck, type GateReport } from './gate.ts';
export { writeJunit, xmlAttr, xmlText } from './junit.ts';
export {
  type LoadedEvalFile,
  loadEvalFile,
  mergeDefaultTest,
  parseEvalFile,
  parseEvalYaml,
} from './load-eval-file.ts';
export { type PlanOverrides, planFromEvalFile, resolveDataset, targetsOf } from './plan.ts';
export { type EvalRunResult, type RunEvalOptions, runEval } from './run-eval.ts';
