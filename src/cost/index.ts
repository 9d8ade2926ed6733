export { computeCost, costOf, formatUsd, maxCostOf, roundUsd } from './cost.ts';
export type { PriceOverride, PriceTableHeader, ResolvedPrice } from './price-table.ts';
export {
  loadPriceTable,
  lookupPrice,
  modelNameCandidates,
  priceFromOverride,
  priceTableInfo,
  resolvePrice,
  SIM_PRICE,
} from './price-table.ts';
export type { EncodingName } from './tokens.ts';
export {
  countChatTokens,
  countTextTokens,
  encodingForModel,
  IMAGE_TOKENS,
  MAX_IMAGE_TOKENS,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_NAME,
  usageFromText,
  warmTokenizer,
} from './tokens.ts';
