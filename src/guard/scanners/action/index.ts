export type { ConsistencyOptions } from './consistency.ts';
export { createConsistencyScanner } from './consistency.ts';
export type { DangerCategory, DangerousArgsOptions } from './dangerous-args.ts';
export { createDangerousArgsScanner } from './dangerous-args.ts';
export type { ToolAllowlistOptions, ToolArgsSchemaOptions } from './tool-allowlist.ts';
export { createToolAllowlistScanner, createToolArgsSchemaScanner } from './tool-allowlist.ts';
export type { ArgString } from './tool-args.ts';
export { ARG_LIMITS, collectStrings, parseToolArgs } from './tool-args.ts';
