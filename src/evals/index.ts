/**
 * Evaluation: datasets, the experiment runner, scorers and judges, calibration, the CI gate,
 * comparison, the review queue, online and scheduled evaluation, training-data export.
 * Shared index: each part adds its own lines (kept sorted by Biome). The scorers, judges, stats and
 * calibration lines re-export those folders' own public surfaces.
 */

export * from './calibration/index.ts';
export * from './compare/index.ts';
export { type EvalsConfig, evalsConfigSchema, type OnlineRule, type ScheduleConfig } from './config.ts';
export * from './datasets/index.ts';
export * from './export/index.ts';
export * from './gate/index.ts';
export * from './judges/index.ts';
export { type EvalsInstance, type EvalsModuleOptions, evalsModule } from './module.ts';
export * from './online/index.ts';
export * from './promptfoo/index.ts';
export * from './review/index.ts';
export { allowAllEvals, type EvalsAction, type EvalsAuthorize } from './routes/index.ts';
export * from './runner/index.ts';
export * from './schedule/index.ts';
export * from './scorers/index.ts';
export * from './stats/index.ts';
