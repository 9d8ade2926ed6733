import {
  accessModule,
  createAdminGate,
  enforcementModule,
  keyAuthenticator,
  keyTenantResolver,
  roleAuthorizer,
  spendScopeAuthorizer,
  tracesAuthorizer,
} from '../access/index.ts';
import { evalsModule } from '../evals/index.ts';
import type { KeelModule } from '../gateway/index.ts';
import { guardModule, guardRedactor } from '../guard/index.ts';
import { promptsModule } from '../prompts/index.ts';
import { tracesModule } from '../traces/index.ts';

/**
 * The modules `keel serve` runs, in pipeline order: auth (who is calling), prompts (what the request
 * becomes), limits (what it may cost, priced on the resolved model), guard (whether it may go, on
 * the rendered prompt), traces (what happened). One gate shares admin-token auth, RBAC and the audit
 * log with every module's admin routes, and virtual-key auth with their model-facing routes (guard
 * scan and quarantine, trace ingest); the access module itself narrows `GET /v1/models`.
 */
export function defaultModules(): KeelModule[] {
  const gate = createAdminGate();
  return [
    accessModule({ gate, enforcement: false }),
    promptsModule({ audit: gate.audit, authorize: roleAuthorizer(gate) }),
    enforcementModule({ audit: gate.audit, authorize: spendScopeAuthorizer(gate) }),
    guardModule({ authenticate: keyAuthenticator(gate) }),
    evalsModule({ audit: gate.audit, authorize: roleAuthorizer(gate) }),
    tracesModule({
      // 'redacted' trace content goes through the guard's secret and PII detectors.
      redact: guardRedactor,
      resolveTenant: keyTenantResolver(gate),
      observability: { authorize: tracesAuthorizer(gate), audit: gate.audit },
    }),
  ];
}
