export type * from './chat.ts';
export type * from './provider.ts';
export type * from './request-record.ts';
export type * from './scanner.ts';
export type * from './store.ts';
export type * from './usage.ts';
export type * from './hooks.ts';
export type * from './sql.ts';
