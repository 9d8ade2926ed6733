export { parseCsv, parseCsvRecords } from './csv.ts';
export type { DavidsonTweet, LabelledText } from './loaders.ts';
export {
  loadAwesomePrompts,
  loadDavidson,
  loadJsonl,
  loadLangkitJailbreaks,
  loadPromptJson,
  loadTextLabelCsv,
  resolveSharedDataDir,
} from './loaders.ts';
export type { PiiSample, PiiSpan } from './more-loaders.ts';
export { loadCranfieldAbstracts, loadPresidio, loadSciFactClaims } from './more-loaders.ts';
export { loadKeelProbes, loadKeelSystemPrompts, type ProbePart } from './probes.ts';
export { SHARED_FILES, SHARED_SOURCES } from './shared-files.ts';
export { hashSplit } from './splits.ts';
