export {
  INJECTION_CRITERIA,
  type JudgePreset,
  judgeRequest,
  PRESETS,
  parseVerdict,
  TOXICITY_CRITERIA,
} from './judge-prompt.ts';
export { createJudgeScanner, type JudgeScannerOptions } from './judge-scanner.ts';
