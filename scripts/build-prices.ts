/**
 * Builds data/prices.json (USD per token) from Portkey's MIT-licensed price files in
 * ../shared/data/pricing/portkey-models/ (US cents per token).
 *
 *   npx node scripts/build-prices.ts [--source DIR] [--out FILE]
 *
 * Only text-token rates of the standard pay-as-you-go tier are kept (input, output, cache read,
 * cache write, reasoning where the source has one); image/audio/batch/regional rates are dropped
 * because Keel meters chat and embedding tokens. Models without a token price are dropped.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

interface TablePrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

const { values: args } = parseArgs({
  options: {
    source: { type: 'string' },
    out: { type: 'string' },
  },
});

const sourceDir =
  args.source ?? new URL('../../shared/data/pricing/portkey-models/', import.meta.url).pathname;
const outFile = args.out ?? new URL('../data/prices.json', import.meta.url).pathname;

/** Cents → dollars, rounded to 12 significant digits so source float noise (5.999999999999999e-05) goes. */
function centsToUsd(cents: number): number {
  return Number((cents / 100).toPrecision(12));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ price: number }` under `key`, in USD per token; undefined when absent or malformed. */
function rate(payg: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const entry = payg[key];
    if (
      isRecord(entry) &&
      typeof entry.price === 'number' &&
      Number.isFinite(entry.price) &&
      entry.price >= 0
    ) {
      return centsToUsd(entry.price);
    }
  }
  return undefined;
}

function priceOf(entry: unknown): TablePrice | undefined {
  if (!isRecord(entry) || !isRecord(entry.pricing_config)) return undefined;
  const payg = entry.pricing_config.pay_as_you_go;
  if (!isRecord(payg)) return undefined;
  // A few multimodal models split text rates out as request_text_token / response_text_token.
  const input = rate(payg, 'request_token', 'request_text_token');
  const output = rate(payg, 'response_token', 'response_text_token');
  if (input === undefined && output === undefined) return undefined;
  if (!input && !output) return undefined;
  const price: TablePrice = { input: input ?? 0, output: output ?? 0 };
  const cacheRead = rate(payg, 'cache_read_input_token', 'cache_read_text_input_token');
  const cacheWrite = rate(payg, 'cache_write_input_token');
  const reasoning = rate(payg, 'reasoning_token', 'response_reasoning_token');
  if (cacheRead !== undefined) price.cacheRead = cacheRead;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  if (reasoning !== undefined) price.reasoning = reasoning;
  return price;
}

function readSourceNote(): { repository?: string; commit?: string } {
  try {
    const text = readFileSync(join(sourceDir, 'SOURCE.txt'), 'utf8');
    const repository = /^Source repository:\s*(\S+)/m.exec(text)?.[1];
    const commit = /^Commit:\s*([0-9a-f]{7,40})/m.exec(text)?.[1];
    return { ...(repository ? { repository } : {}), ...(commit ? { commit } : {}) };
  } catch {
    return {};
  }
}

function licenceAttribution(): string {
  const text = readFileSync(join(sourceDir, 'LICENSE'), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('Copyright'));
  return line?.trim() ?? 'Copyright (c) Portkey.ai';
}

function build() {
  const prices: Record<string, Record<string, TablePrice>> = {};
  const counts: Record<string, { kept: number; dropped: number }> = {};
  const files = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const provider = basename(file, '.json');
    const raw: unknown = JSON.parse(readFileSync(join(sourceDir, file), 'utf8'));
    if (!isRecord(raw)) throw new Error(`${file}: expected an object of models`);
    const models: Record<string, TablePrice> = {};
    let dropped = 0;
    for (const model of Object.keys(raw).sort()) {
      // 'default' holds provider-wide zero placeholders, not a real model price.
      const price = model === 'default' ? undefined : priceOf(raw[model]);
      if (price) models[model] = price;
      else if (model !== 'default') dropped++;
    }
    prices[provider] = models;
    counts[provider] = { kept: Object.keys(models).length, dropped };
  }
  const source = readSourceNote();
  const header = {
    description: 'Model prices in USD per token, derived by scripts/build-prices.ts. Do not edit by hand.',
    source: source.repository ?? 'https://github.com/Portkey-AI/models',
    sourcePath: 'pricing/<provider>.json (US cents per token, divided by 100 here)',
    ...(source.commit ? { sourceCommit: source.commit } : {}),
    licence: 'MIT',
    attribution: `${licenceAttribution()}. Derived from Portkey-AI/models under the MIT License; see data/PRICES.md.`,
    unit: 'USD per token',
    generated: new Date().toISOString().slice(0, 10),
  };
  return { table: { header, prices }, counts };
}

/** One model per line, so a price update reads as a small diff in review. */
function serialise(table: ReturnType<typeof build>['table']): string {
  const providers = Object.entries(table.prices).map(([provider, models]) => {
    const lines = Object.entries(models).map(
      ([model, price]) => `      ${JSON.stringify(model)}: ${JSON.stringify(price)}`,
    );
    return `    ${JSON.stringify(provider)}: {\n${lines.join(',\n')}\n    }`;
  });
  const header = JSON.stringify(table.header, null, 2).replace(/\n/g, '\n  ');
  return `{\n  "header": ${header},\n  "prices": {\n${providers.join(',\n')}\n  }\n}\n`;
}

if (!existsSync(join(sourceDir, 'LICENSE'))) {
  process.stderr.write(`No Portkey price files (with their LICENSE) in ${sourceDir}; pass --source DIR\n`);
  process.exit(1);
}
const { table, counts } = build();
const text = serialise(table);
JSON.parse(text); // the hand-rolled layout must still be valid JSON
writeFileSync(outFile, text);
const total = Object.values(counts).reduce((n, c) => n + c.kept, 0);
process.stdout.write(
  `wrote ${outFile}: ${total} models, ${(text.length / 1024).toFixed(1)} KiB\n${JSON.stringify(counts)}\n`,
);
