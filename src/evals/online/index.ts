/** Online evaluation: sample production requests in the gateway, score them in the background. */
export { type CaptureHookOptions, INTERNAL_HEADER, onlineCaptureHook } from './capture-hook.ts';
export { type Sample, SampleQueue } from './queue.ts';
export {
  type OnlineScore,
  onlineRatings,
  onlineScoreAverages,
  onlineScoresFor,
  type ScoreAverage,
  samplesContentSource,
  writeOnlineScores,
  writeSample,
} from './repo.ts';
export { type RequestFacts, ruleMatches, sampleRules } from './sampler.ts';
export { OnlineWorker, type OnlineWorkerOptions } from './worker.ts';
