export { demoConfig } from './demo.ts';
export { type ConfigIssue, ConfigError, formatIssue, loadConfigFile, parseConfig } from './load.ts';
export * from './schema.ts';
export { type ConfigWatcher, type ConfigWatcherOptions, watchConfig } from './watch.ts';
