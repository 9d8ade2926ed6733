export { PendingFeedback, type PendingFeedbackOptions } from './pending.ts';
export { findRequestTrace, requestTraceId, traceExists } from './resolve.ts';
export {
  acceptFeedback,
  type FeedbackAck,
  type FeedbackDeps,
  parseFeedback,
  registerFeedbackRoutes,
} from './routes.ts';
export {
  DEFAULT_FEEDBACK_NAME,
  type ExplicitFeedback,
  explicitFeedbackSchema,
  type FeedbackInput,
  type ImplicitFeedback,
  implicitFeedbackSchema,
  SIGNAL_VALUES,
  SIGNALS,
  type Signal,
} from './schema.ts';
export { feedbackScore, normaliseValue } from './to-score.ts';
