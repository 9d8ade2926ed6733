import type { GatewayHook, RequestContext, RequestRecord } from '../../spec/index.ts';
import { accessPrincipalOf } from '../limits/plan.ts';
import { spendRowOf, worthRecording } from './spend-row.ts';
import type { SpendWriter } from './spend-writer.ts';

export const SPEND_HOOK = 'spend';

/**
 * Attributes every request made with a virtual key to its org, team, project and key (plus model,
 * end user, feature and tags) by queueing a spend row — after the response, never on its path.
 */
export function createSpendHook(options: { writer: SpendWriter }): GatewayHook {
  return {
    name: SPEND_HOOK,
    afterRecord(ctx: RequestContext, record: RequestRecord): void {
      const principal = accessPrincipalOf(ctx.principal);
      if (!principal || !worthRecording(record)) return;
      options.writer.enqueue(spendRowOf(principal, record));
    },
  };
}
