import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KeelError } from '../errors/index.ts';
import type { Cost, Price } from '../spec/usage.ts';

/**
 * The built-in price table (data/prices.json, USD per token, derived from Portkey-AI/models — see
 * data/PRICES.md). Loaded once, on first use, so importing this module costs nothing.
 */

const priceSchema = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheRead: z.number().min(0).optional(),
  cacheWrite: z.number().min(0).optional(),
  reasoning: z.number().min(0).optional(),
});

const tableSchema = z.object({
  header: z.object({
    source: z.string(),
    licence: z.string(),
    attribution: z.string(),
    sourceCommit: z.string().optional(),
    generated: z.string(),
  }),
  prices: z.record(z.string(), z.record(z.string(), priceSchema)),
});
export type PriceTableHeader = z.infer<typeof tableSchema>['header'];
type PriceTable = z.infer<typeof tableSchema>;

/** What the simulated provider costs, so demo traffic shows non-zero spend ($0.50 / $1.50 per MTok). */
export const SIM_PRICE: Readonly<Price> = Object.freeze({
  input: 0.5e-6,
  output: 1.5e-6,
  cacheRead: 0.25e-6,
});

/** Table providers searched for each Keel provider type, in order. */
const PROVIDER_TABLES: Readonly<Record<string, readonly string[]>> = {
  openai: ['openai'],
  azure: ['azure-openai', 'openai'],
  anthropic: ['anthropic'],
};

/**
 * An `openai`-type provider is any OpenAI-compatible endpoint (Groq, Together, DeepSeek, …), so when
 * the OpenAI table has no match its model name is looked up in the other vendors' tables too.
 */
const OPENAI_COMPATIBLE_FALLBACK: readonly string[] = [
  'azure-openai',
  'deepseek',
  'mistral-ai',
  'x-ai',
  'groq',
  'together-ai',
  'fireworks-ai',
  'cohere',
  'google',
  'vertex-ai',
  'anthropic',
];

/** Names that differ between vendors' docs and their APIs (Azure spells 3.5 without the dot). */
const ALIASES: Readonly<Record<string, string>> = {
  'gpt-35-turbo': 'gpt-3.5-turbo',
  'gpt-35-turbo-16k': 'gpt-3.5-turbo-16k',
  'gpt-35-turbo-instruct': 'gpt-3.5-turbo-instruct',
};

const DATE_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8})$/;
const LOOKUP_MEMO_LIMIT = 10_000;

let table: PriceTable | undefined;
const memo = new Map<string, Price | null>();

/** Parses data/prices.json (once). A broken committed table is a bug, reported as such. */
export function loadPriceTable(): PriceTable {
  if (table) return table;
  const url = new URL('../../data/prices.json', import.meta.url);
  const parsed = tableSchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
  if (!parsed.success) {
    throw new KeelError('internal_error', `data/prices.json is invalid: ${parsed.error.issues[0]?.message}`);
  }
  // Lookups hand out these objects; freeze them so no caller can change a price for everyone.
  for (const models of Object.values(parsed.data.prices)) {
    for (const price of Object.values(models)) Object.freeze(price);
  }
  table = parsed.data;
  return table;
}

/** Source, licence and attribution of the built-in table (for `keel prices` and the console). */
export function priceTableInfo(): PriceTableHeader {
  return loadPriceTable().header;
}

/** Model names to try, most specific first: exact, lower case, without vendor prefix or date, alias. */
export function modelNameCandidates(model: string): string[] {
  const out: string[] = [];
  const add = (name: string) => {
    if (name && !out.includes(name)) out.push(name);
    const alias = ALIASES[name];
    if (alias && !out.includes(alias)) out.push(alias);
  };
  add(model);
  const lower = model.toLowerCase();
  add(lower);
  // LiteLLM-style "openai/gpt-4o" → "gpt-4o" (Together's "org/model" names already matched above).
  const slash = lower.indexOf('/');
  const bare = slash > 0 ? lower.slice(slash + 1) : lower;
  add(bare);
  const undated = bare.replace(DATE_SUFFIX, '');
  add(undated);
  // Anthropic's floating aliases: "claude-3-5-sonnet" is priced as "claude-3-5-sonnet-latest".
  add(`${undated}-latest`);
  return out;
}

function findIn(providers: readonly string[], candidates: readonly string[]): Price | undefined {
  const prices = loadPriceTable().prices;
  for (const name of candidates) {
    for (const provider of providers) {
      const hit = prices[provider]?.[name];
      if (hit) return hit;
    }
  }
  return undefined;
}

function lookupUncached(providerType: string, model: string): Price | undefined {
  if (providerType === 'sim') return SIM_PRICE;
  const candidates = modelNameCandidates(model);
  const primary = PROVIDER_TABLES[providerType] ?? [providerType];
  const hit = findIn(primary, candidates);
  if (hit || providerType !== 'openai') return hit;
  return findIn(OPENAI_COMPATIBLE_FALLBACK, candidates);
}

/** The built-in price of a model behind a Keel provider type, or undefined when the table has none. */
export function lookupPrice(options: { providerType: string; model: string }): Price | undefined {
  const memoKey = `${options.providerType}\u0000${options.model}`;
  const cached = memo.get(memoKey);
  if (cached !== undefined) return cached ?? undefined;
  const price = lookupUncached(options.providerType, options.model);
  // Model names come from config, but bound the memo anyway so odd traffic cannot grow it forever.
  if (memo.size >= LOOKUP_MEMO_LIMIT) memo.clear();
  memo.set(memoKey, price ?? null);
  return price;
}

/** A deployment's `price` from keel.yaml, in USD per 1M tokens (config `priceOverrideSchema`). */
export interface PriceOverride {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number | undefined;
  cacheWritePerMTok?: number | undefined;
}

/** Per-MTok → per-token, rounded to 12 significant digits so 0.15 / 1e6 does not carry float noise. */
function perToken(perMTok: number): number {
  return Number((perMTok / 1e6).toPrecision(12));
}

export function priceFromOverride(override: PriceOverride): Price {
  const price: Price = { input: perToken(override.inputPerMTok), output: perToken(override.outputPerMTok) };
  if (override.cacheReadPerMTok !== undefined) price.cacheRead = perToken(override.cacheReadPerMTok);
  if (override.cacheWritePerMTok !== undefined) price.cacheWrite = perToken(override.cacheWritePerMTok);
  return price;
}

export interface ResolvedPrice {
  price?: Price;
  source: Cost['source'];
}

/** The price to bill with: a config override wins, then the built-in table, else unknown (cost 0). */
export function resolvePrice(options: {
  override?: PriceOverride | undefined;
  providerType: string;
  model: string;
}): ResolvedPrice {
  if (options.override) return { price: priceFromOverride(options.override), source: 'config' };
  const price = lookupPrice(options);
  return price ? { price, source: 'table' } : { source: 'unknown' };
}
