/** Training-data export (SFT / DPO / KTO JSONL) with provenance filtering and de-duplication. */
export { type Example, promptOf, type SkipCounts } from './examples.ts';
export {
  dedupKey,
  type ExportFormat,
  type ExportOptions,
  type ExportReport,
  exportTrainingData,
  formatExample,
  normaliseText,
} from './export.ts';
