/** Versioned evaluation datasets: items, JSONL/CSV import and export, items from request records. */

export type { ImportOptions } from './formats.ts';
export { csvField, itemToJsonl, parseCsvItems, parseItemsFile, parseJsonl } from './formats.ts';
export type {
  ContentSource,
  FromRequestsResult,
  RatingSource,
  RequestContent,
  RequestFilter,
} from './from-requests.ts';
export { itemsFromRequests } from './from-requests.ts';
export { assignIds, contentId, ITEM_ID_PATTERN, newItemSchema, parseItem } from './item-schema.ts';
export { DATASET_NAME, DatasetRepo, type WriteResult } from './repo.ts';
export { type DatasetFormat, exportItems, formatOf, importItems } from './transfer.ts';
export type {
  Dataset,
  DatasetItem,
  DatasetVersion,
  ItemAssertion,
  ItemInput,
  NewItem,
  Provenance,
} from './types.ts';
export { PROVENANCES } from './types.ts';
