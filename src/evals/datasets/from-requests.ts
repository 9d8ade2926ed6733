import { KeelError } from '../../errors/index.ts';
import type { ChatMessage, RequestRecord, Store } from '../../spec/index.ts';
import { MAX_LIST_LIMIT } from '../../store/index.ts';
import type { DatasetRepo } from './repo.ts';
import type { NewItem } from './types.ts';

/**
 * Dataset items from gateway request records. Records carry no content, so the text comes from a
 * ContentSource (the online-eval samples table today; the traces module's stored content later),
 * and ratings from a RatingSource (online-eval scores today; user feedback later). Both are
 * interfaces so those modules can plug in without this file changing.
 */

export interface RequestContent {
  messages: ChatMessage[];
  output: string;
}

export interface ContentSource {
  /** Content for the ids it knows; unknown ids are simply absent from the map. */
  content(requestIds: readonly string[]): Promise<Map<string, RequestContent>>;
}

export interface RatingSource {
  /** A 0..1 rating per request id it knows (e.g. mean online score, thumbs up = 1). */
  ratings(requestIds: readonly string[]): Promise<Map<string, number>>;
}

export interface RequestFilter {
  since?: number;
  until?: number;
  model?: string;
  feature?: string;
  /** Every tag must be present. */
  tags?: string[];
  status?: number;
  /** Only requests rated at most this (needs a RatingSource): "the low-rated answers". */
  maxRating?: number;
  minRating?: number;
  /** Stop after this many items (default 1000). */
  limit?: number;
}

export interface FromRequestsResult {
  added: number;
  ids: string[];
  version: number;
  /** Records matched but skipped, by reason, so nothing is dropped silently. */
  skipped: { noContent: number; unrated: number; outsideRating: number };
}

function matches(record: RequestRecord, filter: RequestFilter): boolean {
  if (filter.feature !== undefined && record.feature !== filter.feature) return false;
  if (filter.tags && !filter.tags.every((tag) => record.tags.includes(tag))) return false;
  return true;
}

/** Walks records newest first, a page at a time, down to `since`. */
async function* walk(store: Store, filter: RequestFilter): AsyncGenerator<RequestRecord[]> {
  let until = filter.until;
  const seen = new Set<string>();
  for (;;) {
    const page = await store.requests.list({
      ...(filter.since !== undefined ? { since: filter.since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(filter.model !== undefined ? { model: filter.model } : {}),
      ...(filter.status !== undefined ? { status: filter.status } : {}),
      limit: MAX_LIST_LIMIT,
    });
    const fresh = page.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) return;
    for (const r of fresh) seen.add(r.id);
    yield fresh.filter((r) => matches(r, filter));
    if (page.length < MAX_LIST_LIMIT) return;
    // `until` is exclusive: +1 keeps records sharing the oldest millisecond (skipped via `seen`).
    until = Math.min(...page.map((r) => r.startedAt)) + 1;
  }
}

function itemOf(record: RequestRecord, content: RequestContent, rating: number | undefined): NewItem {
  const metadata: Record<string, unknown> = {
    requestId: record.id,
    model: record.model,
    output: content.output,
  };
  if (record.feature) metadata.feature = record.feature;
  if (rating !== undefined) metadata.rating = rating;
  return {
    id: `req-${record.id}`,
    input: { messages: content.messages },
    expected: null,
    metadata,
    tags: record.tags,
    provenance: 'production_trace',
    source: `request:${record.id}`,
  };
}

/** Adds one item per matching request (input = its messages; its answer kept in metadata.output). */
export async function itemsFromRequests(options: {
  store: Store;
  datasets: DatasetRepo;
  dataset: string;
  filter: RequestFilter;
  content: ContentSource;
  ratings?: RatingSource;
}): Promise<FromRequestsResult> {
  const { filter } = options;
  const rated = filter.maxRating !== undefined || filter.minRating !== undefined;
  if (rated && !options.ratings) {
    throw new KeelError(
      'invalid_request',
      'Filtering by rating needs a rating source (online evaluation or feedback)',
    );
  }
  const limit = filter.limit ?? 1000;
  const skipped = { noContent: 0, unrated: 0, outsideRating: 0 };
  const items: NewItem[] = [];
  for await (const page of walk(options.store, filter)) {
    const ids = page.map((r) => r.id);
    const contents = await options.content.content(ids);
    const ratings = rated ? await options.ratings!.ratings(ids) : new Map<string, number>();
    for (const record of page) {
      const content = contents.get(record.id);
      const rating = ratings.get(record.id);
      if (!content) skipped.noContent++;
      else if (rated && rating === undefined) skipped.unrated++;
      else if (rating !== undefined && (rating > (filter.maxRating ?? 1) || rating < (filter.minRating ?? 0)))
        skipped.outsideRating++;
      else items.push(itemOf(record, content, rating));
      if (items.length >= limit) break;
    }
    if (items.length >= limit) break;
  }
  if (items.length === 0) {
    const dataset = await options.datasets.get(options.dataset);
    return { added: 0, ids: [], version: dataset?.latestVersion ?? 0, skipped };
  }
  if (!(await options.datasets.get(options.dataset)))
    await options.datasets.create({ name: options.dataset });
  const written = await addSkippingExisting(options.datasets, options.dataset, items);
  return { added: written.ids.length, ids: written.ids, version: written.version, skipped };
}

/** Requests already in the dataset are left alone (re-running the same filter adds only new ones). */
async function addSkippingExisting(datasets: DatasetRepo, name: string, items: NewItem[]) {
  const dataset = await datasets.require(name);
  const present: NewItem[] = [];
  for (const item of items) {
    if (!(await datasets.getItem(dataset.id, dataset.latestVersion, item.id!))) present.push(item);
  }
  if (present.length === 0) return { ids: [] as string[], version: dataset.latestVersion };
  const written = await datasets.addItems(name, present, `${present.length} items from request records`);
  return { ids: written.ids, version: written.version };
}
