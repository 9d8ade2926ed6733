export type { MaskOptions, MaskSession } from './mask-session.ts';
export { createMaskSession, PLACEHOLDER_RE } from './mask-session.ts';
export type { StreamRestorer } from './stream-restorer.ts';
export { createStreamRestorer } from './stream-restorer.ts';
