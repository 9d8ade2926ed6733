export type { CustomPattern, CustomRegexOptions } from './custom-regex.ts';
export { compileCustomPattern, createCustomRegexScanner } from './custom-regex.ts';
export type { KeywordListOptions, KeywordTopic } from './keyword-list.ts';
export { createKeywordListScanner } from './keyword-list.ts';
