export { INJECTION_CRITERIA, judgeRequest, parseVerdict } from './judge-prompt.ts';
export { createJudgeScanner, type JudgeScannerOptions } from './judge-scanner.ts';
