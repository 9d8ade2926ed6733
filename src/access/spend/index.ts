export { type SpendConfig, spendConfigSchema } from './config.ts';
export { rollupAll, rollupOnce, startRollupJob } from './rollup.ts';
export { parseReportTime } from './since.ts';
export {
  csvCell,
  formatSpend,
  formatSpendCsv,
  formatSpendJson,
  formatSpendTable,
  type SpendFormat,
} from './spend-format.ts';
export { createSpendHook, SPEND_HOOK } from './spend-hook.ts';
export {
  chargeback,
  parseDimensions,
  SPEND_DIMENSIONS,
  type SpendDimension,
  type SpendFilters,
  type SpendQuery,
  type SpendReport,
  type SpendReportRow,
  spendReport,
} from './spend-report.ts';
export { registerSpendRoutes, type SpendAuthorize, type SpendScope } from './spend-routes.ts';
export { dayOf, SCOPE_COLUMN, type SpendRow, spendRowOf, worthRecording } from './spend-row.ts';
export { insertSpendRows, settledSpendSource } from './spend-sql.ts';
export { SpendWriter, type SpendWriterOptions, type SpendWriterStats } from './spend-writer.ts';
