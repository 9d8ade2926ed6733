import type { KeelConfig } from '../../config/index.ts';
import { lookupPrice, resolvePrice } from '../../cost/index.ts';
import type { Price } from '../../spec/usage.ts';
import type { GatewayClient } from './gateway-client.ts';

/** The price of a public model name for estimates: the dearest of its deployments (a safe upper bound). */
export function priceOfModel(
  config: Pick<KeelConfig, 'models' | 'providers'>,
  model: string,
): Price | undefined {
  const entry = config.models[model];
  if (!entry) return undefined;
  let worst: Price | undefined;
  for (const d of entry.deployments) {
    const provider = config.providers[d.provider];
    if (!provider) continue;
    const { price } = resolvePrice({ override: d.price, providerType: provider.type, model: d.model });
    if (!price) continue;
    if (!worst || price.input + price.output > worst.input + worst.output) worst = price;
  }
  return worst;
}

export type PriceLookup = (model: string) => Promise<Price | undefined>;

/**
 * Prices as the running Keel sees them (`GET /api/evals/prices`, from its config), falling back to
 * the built-in table by model name when that Keel does not serve the route.
 */
export function gatewayPrices(client: GatewayClient, timeoutMs = 10_000): PriceLookup {
  const cache = new Map<string, Price | undefined>();
  return async (model) => {
    if (cache.has(model)) return cache.get(model);
    let price: Price | undefined;
    try {
      const res = await client.get(`/api/evals/prices?model=${encodeURIComponent(model)}`, { timeoutMs });
      const body = res.body as { prices?: Record<string, Price | null> } | null;
      price =
        res.status === 200
          ? (body?.prices?.[model] ?? undefined)
          : lookupPrice({ providerType: 'openai', model });
    } catch {
      price = lookupPrice({ providerType: 'openai', model });
    }
    cache.set(model, price);
    return price;
  };
}
