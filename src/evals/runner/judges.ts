import type { JudgeModel } from '../../spec/scorer.ts';
import { type GatewayJudgeModel, gatewayJudgeModel } from '../judges/index.ts';

/**
 * Judge models by name, created on first use and called through the gateway (so judge calls are
 * metered and traced too, under the `eval-judge` feature). `undefined` = the default judge.
 */
export interface JudgePool {
  get(model: string | undefined): JudgeModel | undefined;
  close(): Promise<void>;
}

export function gatewayJudges(o: {
  baseUrl: string;
  defaultModel?: string | undefined;
  apiKey?: string | undefined;
  headers?: Record<string, string>;
}): JudgePool {
  const judges = new Map<string, GatewayJudgeModel>();
  return {
    get(model) {
      const name = model ?? o.defaultModel;
      if (name === undefined) return undefined;
      let judge = judges.get(name);
      if (!judge) {
        judge = gatewayJudgeModel({
          baseUrl: o.baseUrl,
          model: name,
          ...(o.apiKey ? { apiKey: o.apiKey } : {}),
          headers: { 'x-keel-internal': 'eval-judge', ...o.headers },
        });
        judges.set(name, judge);
      }
      return judge;
    },
    async close() {
      await Promise.all([...judges.values()].map((j) => j.close()));
    },
  };
}
