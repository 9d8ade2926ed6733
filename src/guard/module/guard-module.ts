import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { KeelModule, ModuleContext, ModuleInstance } from '../../gateway/module.ts';
import type { ChatRequest } from '../../spec/chat.ts';
import type { GatewayHook } from '../../spec/hooks.ts';
import type { ModelCaller, Scanner } from '../../spec/scanner.ts';
import { bindingWarnings } from '../binding-warnings.ts';
import { type GuardSection, type GuardSectionInput, guardSectionSchema } from '../config.ts';
import type { ScannerFactory } from '../policy/index.ts';
import { createSelfCaller, registerQuarantineRoute, type SelfCaller } from '../quarantine/index.ts';
import { createInjectionScanner } from '../scanners/injection/index.ts';
import { compileGuardState, type GuardState } from './compile.ts';
import { screenRequest } from './input-hook.ts';
import { createGuardMetrics } from './metrics.ts';
import { JUDGE_HEADER, QUARANTINE_HEADER, STATE_KEY } from './request-state.ts';
import { screenResponse } from './response-hook.ts';
import { registerScanRoute } from './scan-route.ts';
import { createGuardStreamFilter } from './stream-filter.ts';

/**
 * Model callers for `judge` steps: this Keel's own chat endpoint, with the screened request's
 * credentials and attribution (so the judge's tokens are the caller's spend) and the judge token
 * (so the call is not screened in turn).
 */
function judgeCaller(caller: SelfCaller, token: Buffer): (headers: IncomingHttpHeaders) => ModelCaller {
  const extra = { [JUDGE_HEADER]: token.toString('hex'), 'x-keel-feature': 'guard-judge' };
  return (headers) =>
    Object.assign(
      (request: ChatRequest, signal?: AbortSignal) =>
        caller.chat(request, { headers, extra, ...(signal ? { signal } : {}) }),
      { scope: credentialScope(headers) },
    );
}

/** A digest of the caller's credential headers: the same key, the same scope. */
function credentialScope(headers: IncomingHttpHeaders): string {
  const hash = createHash('sha256');
  for (const name of ['authorization', 'x-api-key']) hash.update(String(headers[name] ?? '')).update('\0');
  return hash.digest('hex').slice(0, 32);
}

export interface GuardModuleOptions {
  /** Use this `guard:` section instead of keel.yaml's (embedding, tests); hot reloads then leave it alone. */
  config?: GuardSectionInput;
  /** Extra or replacement scanner types for policies. */
  factories?: Record<string, ScannerFactory>;
  /**
   * Checks the caller of `/v1/guard/scan` and `/v1/guard/quarantine` before any work (`keel serve`:
   * the access module's virtual keys); throw a KeelError (401) to refuse. Default: open.
   */
  authenticate?: (request: FastifyRequest) => Promise<unknown>;
}

function sectionOf(ctxConfig: unknown, override: GuardSectionInput | undefined): GuardSection {
  if (override !== undefined) return guardSectionSchema.parse(override);
  const section = (ctxConfig as { guard?: GuardSection }).guard;
  // keel.yaml was validated by the config loader; a config built without the guard section is unguarded.
  return section ?? guardSectionSchema.parse(undefined);
}

/**
 * The guard as a Keel module: input checkpoint before the upstream call, action and output
 * checkpoints on answers (streamed or not), mask-and-restore of personal data, results in the
 * request record and metrics, and the `/v1/guard/scan` and `/v1/guard/quarantine` endpoints.
 * Without policies every hook returns at once.
 */
export function guardModule(options: GuardModuleOptions = {}): KeelModule {
  return {
    name: 'guard',
    async start(mctx: ModuleContext): Promise<ModuleInstance> {
      const metrics = createGuardMetrics(mctx.metrics);
      const compile = (config: unknown) => {
        const section = sectionOf(config, options.config);
        const compiled = compileGuardState(section, options.factories);
        for (const warning of bindingWarnings(section)) mctx.logger.warn(warning);
        return compiled;
      };
      // A bad policy (unknown scanner, bad options) stops Keel from starting with a config error.
      let state: GuardState | null = compile(mctx.config);
      mctx.onConfig((config) => {
        if (options.config !== undefined) return;
        try {
          state = compile(config);
        } catch (error) {
          // The rest of the reload already applied; keep screening with the last good policies.
          mctx.logger.error({ err: String(error) }, 'guard policies not reloaded; keeping the previous ones');
        }
      });
      // Mark the quarantine endpoint's and judge steps' own model calls; random per process, never leave it.
      const quarantineToken = randomBytes(16);
      const judgeToken = randomBytes(16);
      const caller = createSelfCaller(() => mctx.selfUrl());
      const modelFor = judgeCaller(caller, judgeToken);
      const hook: GatewayHook = {
        name: 'guard',
        beforeRequest(ctx) {
          const current = state;
          if (!current) return;
          return screenRequest(ctx, {
            state: current,
            metrics,
            quarantineToken,
            judgeToken,
            modelFor: (c) => modelFor(c.headers),
          });
        },
        afterResponse(ctx, body) {
          if (!ctx.state.has(STATE_KEY)) return undefined;
          return screenResponse(ctx, body);
        },
        streamFilter(ctx) {
          if (!ctx.state.has(STATE_KEY)) return undefined;
          return createGuardStreamFilter(ctx);
        },
      };
      let injection: Scanner | undefined;
      return {
        hooks: [hook],
        routes(app) {
          // An encapsulated scope, so the key check applies to these two routes only; onRequest
          // refuses before the body is parsed or anything is scanned.
          app.register(async (scope) => {
            const { authenticate } = options;
            if (authenticate) {
              scope.addHook('onRequest', async (request) => {
                await authenticate(request);
              });
            }
            registerScanRoute(scope, {
              state: () => state,
              modelFor: (request) => modelFor(request.headers),
            });
            registerQuarantineRoute(scope, {
              caller,
              scanner: () => {
                injection ??= createInjectionScanner({ id: 'injection' });
                return injection;
              },
              marker: () => ({ [QUARANTINE_HEADER]: quarantineToken.toString('hex') }),
            });
          });
        },
        close: () => caller.close(),
      };
    },
  };
}
