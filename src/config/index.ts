export { demoConfig } from './demo.ts';
export { ConfigError, type ConfigIssue, formatIssue, loadConfigFile, parseConfig } from './load.ts';
export * from './schema.ts';
export { type ConfigWatcher, type ConfigWatcherOptions, watchConfig } from './watch.ts';
