export { encodeSseComment, encodeSseData, encodeSseEvent, SSE_DONE } from './sse-encoder.ts';
export type { SseEvent } from './sse-parser.ts';
export { parseSse, SseParser } from './sse-parser.ts';
