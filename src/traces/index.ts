export {
  type AlertMetricContext,
  type AlertMetricSource,
  type AlertMetricValue,
  type AlertRule,
  registerAlertMetricSource,
} from './alerts/index.ts';
export { type TracesConfig, tracesConfigSchema } from './config.ts';
export { type ContentMode, type ContentPolicy, contentText, maskBasicPii, TRUNCATED_KEY } from './content.ts';
export { exportJsonl, toOtlpJson } from './export/index.ts';
export { type FeedbackInput, feedbackScore } from './feedback/index.ts';
export { tracesHook } from './gateway-hook.ts';
export { gatewayTraceItems } from './gateway-trace.ts';
export { DEFAULT_TENANT, type ResolveTenant } from './ingest/auth.ts';
export {
  blankSpan,
  blankTrace,
  defaultLayer,
  LAYER_BITS,
  LAYERS,
  type Layer,
  type QueueItem,
  queueItemSchema,
  type ScoreRow,
  SPAN_KINDS,
  type SpanKind,
  type SpanRow,
  type SpanStatus,
  scoreRowSchema,
  spanRowSchema,
  type TraceUpsert,
  traceUpsertSchema,
} from './model.ts';
export { type TracesModuleOptions, tracesModule } from './module.ts';
export { decodeTraceRequest, encodeTraceRequest } from './otlp/proto.ts';
export {
  type AuthorizeTraces,
  getTrace,
  listTraces,
  type ObservabilityOptions,
  queryStats,
  TenantDirectory,
  type TracesAction,
  type TracesCaller,
} from './query/index.ts';
export { RecordWriter, type RecordWriterOptions, type RecordWriterStats } from './record-writer.ts';
export { type EraseReport, eraseUser, registerUserEraser, type UserEraser } from './retention/index.ts';
export { Spool, type SpoolOptions } from './spool.ts';
export { TraceWriter, type TraceWriterOptions, type TraceWriterStats } from './trace-writer.ts';
export { parseTraceparent, type TraceParent } from './traceparent.ts';
export { writeBatch } from './write-batch.ts';
