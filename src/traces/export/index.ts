export { type ExportConfig, exportSchema, type OtlpExportConfig } from './config.ts';
export { type ForwarderStats, OtlpForwarder, type OtlpForwarderOptions } from './forwarder.ts';
export { exportJsonl } from './jsonl.ts';
export { toOtlpJson } from './otlp-json.ts';
