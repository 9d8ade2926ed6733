export type { ErrorCode, KeelErrorOptions, OpenAiErrorType } from './keel-error.ts';
export { ERROR_CATALOG, isKeelError, KeelError, toKeelError } from './keel-error.ts';
