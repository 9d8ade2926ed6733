export { RecordWriter, type RecordWriterOptions, type RecordWriterStats } from './record-writer.ts';
export { Spool, type SpoolOptions } from './spool.ts';
