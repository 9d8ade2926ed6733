export type { LangfuseKeyConfig, PromptGateConfig, PromptsConfig } from './config.ts';
export { promptsConfigSchema } from './config.ts';
export { contentHash, normalizeContent, type VersionContentInput, versionContentSchema } from './content.ts';
export {
  createPromotionGate,
  type EvalResult,
  type EvalResultSource,
  type GateCheckInput,
  type GateDecision,
  type PromotionGate,
  StoreEvalResultSource,
} from './gate.ts';
export { PROMPT_HEADER, PROMPT_MODEL_PREFIX, type PromptsHookOptions, promptsHook } from './hook.ts';
export { etagOf, type LangfusePrompt, toLangfusePrompt } from './langfuse.ts';
export { type PromptsModuleOptions, promptsModule } from './module.ts';
export { formatRef, LATEST, PRODUCTION, parseRef, parseSelector } from './names.ts';
export { type LoadedPrompt, PromptIndex, type Resolution } from './prompt-index.ts';
export { type RenderedPrompt, renderPrompt } from './render-prompt.ts';
export { allowAll, type PromptAction, type PromptAuthorize } from './routes/context.ts';
export { type CreatePromptInput, type CreateVersionInput, PromptService } from './service.ts';
export type { MoveLabelInput, MoveLabelResult } from './service-labels.ts';
export type { PromptServiceDeps } from './service-support.ts';
export { type PromptFeedbackSource, promptStats, type VersionStats } from './stats.ts';
export type {
  LabelHistoryEntry,
  LabelState,
  LabelTarget,
  PromptMeta,
  PromptRecord,
  PromptRef,
  PromptSelector,
  PromptUse,
  PromptVersion,
  SplitEntry,
  TemplateMessage,
  VariableSpec,
  VariableType,
  VersionContent,
} from './types.ts';
