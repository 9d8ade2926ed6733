import { createHash, timingSafeEqual } from 'node:crypto';
import { KeelError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import { ANONYMOUS_TENANT } from '../../spec/hooks.ts';
import type { TracesConfig, TracesSecretRef } from '../config.ts';
import { headerValue } from './body.ts';

/** Where ingest without a tenant credential lands: the same tenant as keyless gateway traffic. */
export const DEFAULT_TENANT = ANONYMOUS_TENANT;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Optional hook for the access module: a tenant for these headers, or null to fall back. */
export type ResolveTenant = (headers: Headers) => Promise<string | null> | string | null;

interface Credential {
  digest: Buffer;
  tenant: string;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function resolveSecret(ref: TracesSecretRef, path: string): string {
  if (typeof ref === 'string') return ref;
  const value = process.env[ref.env];
  if (value === undefined || value === '') {
    throw new KeelError('config_invalid', `${path}: environment variable ${ref.env} is not set`);
  }
  return value;
}

/** Constant-time lookup: every credential is compared, by digest, whatever matches first. */
function find(credentials: readonly Credential[], presented: string): string | null {
  const d = digest(presented);
  let tenant: string | null = null;
  for (const c of credentials) if (timingSafeEqual(c.digest, d) && tenant === null) tenant = c.tenant;
  return tenant;
}

function basicPair(headers: Headers): string | null {
  const value = headerValue(headers.authorization);
  const match = value ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 ? decoded : null;
}

function bearer(headers: Headers): string | null {
  const value = headerValue(headers.authorization);
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? (match[1] as string) : null;
}

/**
 * Who is sending traces, as a tenant. Langfuse endpoints take Basic `publicKey:secretKey`; OTLP
 * takes a Bearer token (or a Langfuse pair). With nothing configured, ingest is open (embedded
 * mode) and lands in tenant 'default'; Langfuse keys are then not checked, which is logged once.
 * Secrets are never logged or echoed.
 */
export class IngestAuth {
  #langfuse: Credential[] = [];
  #otlp: Credential[] = [];
  #warned = false;
  readonly #logger: Logger | undefined;
  readonly #resolve: ResolveTenant | undefined;

  constructor(
    config: TracesConfig,
    options: { logger?: Logger | undefined; resolveTenant?: ResolveTenant } = {},
  ) {
    this.#logger = options.logger;
    this.#resolve = options.resolveTenant;
    this.update(config);
  }

  update(config: TracesConfig): void {
    this.#langfuse = config.langfuseKeys.map((k, i) => ({
      digest: digest(`${k.publicKey}:${resolveSecret(k.secretKey, `traces.langfuseKeys[${i}].secretKey`)}`),
      tenant: k.tenant ?? DEFAULT_TENANT,
    }));
    this.#otlp = config.otlpTokens.map((t, i) => ({
      digest: digest(resolveSecret(t.token, `traces.otlpTokens[${i}].token`)),
      tenant: t.tenant ?? DEFAULT_TENANT,
    }));
  }

  async langfuse(headers: Headers): Promise<string> {
    const hooked = this.#resolve ? await this.#resolve(headers) : null;
    if (hooked) return hooked;
    const pair = basicPair(headers);
    if (pair === null) {
      throw new KeelError('unauthorized', 'Langfuse endpoints need Basic auth with publicKey:secretKey');
    }
    if (this.#langfuse.length === 0) {
      if (!this.#warned) {
        this.#warned = true;
        this.#logger?.warn('traces.langfuseKeys is empty: accepting any Langfuse key pair (embedded mode)');
      }
      return DEFAULT_TENANT;
    }
    const tenant = find(this.#langfuse, pair);
    if (tenant === null) throw new KeelError('unauthorized', 'Unknown Langfuse public/secret key pair');
    return tenant;
  }

  async otlp(headers: Headers): Promise<string> {
    const hooked = this.#resolve ? await this.#resolve(headers) : null;
    if (hooked) return hooked;
    const token = bearer(headers);
    const pair = basicPair(headers);
    const fromToken = token === null ? null : find(this.#otlp, token);
    if (fromToken) return fromToken;
    const fromPair = pair === null || this.#langfuse.length === 0 ? null : find(this.#langfuse, pair);
    if (fromPair) return fromPair;
    if (this.#otlp.length === 0) return DEFAULT_TENANT;
    throw new KeelError('unauthorized', 'OTLP ingest needs a valid Bearer token (traces.otlpTokens)');
  }
}
