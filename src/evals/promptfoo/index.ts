/** Import a promptfoo config as a Keel eval file. */
export {
  formatImportReport,
  importPromptfoo,
  importPromptfooFile,
  type PromptfooImport,
  type PromptfooImportOptions,
} from './import.ts';
export { type ImportedPrompt, importPrompts } from './prompts.ts';
export { importProviders, keelModel, modelPart, parseModelMap } from './providers.ts';
export { expandVars, type ImportedTest, importTests, shorthand, type UnsupportedAssertion } from './tests.ts';
