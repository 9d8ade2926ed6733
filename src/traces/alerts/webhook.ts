import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertWebhook } from './rule.ts';
import type { AlertEventKind } from './transition.ts';

export interface AlertNotice {
  kind: Exclude<AlertEventKind, 'suppressed'>;
  rule: {
    name: string;
    metric: string;
    condition: string;
    window: string;
    severity: string;
    description?: string | undefined;
  };
  groupBy: string | null;
  group: string | null;
  value: number | null;
  atMs: number;
}

const ICON = {
  firing: ':rotating_light:',
  repeat: ':rotating_light:',
  resolved: ':white_check_mark:',
} as const;
const LABEL = { firing: 'FIRING', repeat: 'STILL FIRING', resolved: 'RESOLVED' } as const;

function format(value: number | null): string {
  if (value === null) return 'no data';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : String(Number(value.toPrecision(3)));
}

/**
 * A Slack-compatible incoming-webhook body: `text` (the fallback line every receiver shows) and
 * `blocks`; `keel` carries the same facts as data for non-Slack receivers (Slack ignores it).
 */
export function slackBody(n: AlertNotice): {
  text: string;
  blocks: unknown[];
  keel: Record<string, unknown>;
} {
  const scope = n.groupBy ? ` (${n.groupBy}=${n.group ?? '(none)'})` : '';
  const head = `${ICON[n.kind]} [${LABEL[n.kind]}] ${n.rule.name}${scope}`;
  const detail =
    n.kind === 'resolved'
      ? `${n.rule.metric} = ${format(n.value)}, no longer ${n.rule.condition} over ${n.rule.window}`
      : `${n.rule.metric} = ${format(n.value)} ${n.rule.condition} over ${n.rule.window}`;
  const at = new Date(n.atMs).toISOString();
  return {
    text: `${head}: ${detail}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${head}*\n${detail}` } },
      ...(n.rule.description
        ? [{ type: 'section', text: { type: 'plain_text', text: n.rule.description } }]
        : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `severity ${n.rule.severity} · ${at} · Keel` }] },
    ],
    keel: {
      status: n.kind,
      rule: n.rule.name,
      metric: n.rule.metric,
      condition: n.rule.condition,
      window: n.rule.window,
      severity: n.rule.severity,
      groupBy: n.groupBy,
      group: n.group,
      value: n.value,
      at,
    },
  };
}

export interface PostOptions {
  timeoutMs: number;
  /** Waits between attempts (default 0.5 s, 2 s: three attempts). */
  backoffMs?: readonly number[];
  fetch?: typeof fetch;
}

/**
 * POSTs the body, retrying network errors, timeouts, 429 and 5xx. A redirect is a failure (not
 * followed, not retried). The error returned names only the failure (status, timeout), never the
 * URL or headers, which may hold secrets.
 */
export async function postWebhook(
  hook: AlertWebhook,
  body: unknown,
  o: PostOptions,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const doFetch = o.fetch ?? fetch;
  const backoff = o.backoffMs ?? [500, 2000];
  let error = 'not sent';
  for (let attempt = 0; attempt <= backoff.length; attempt++) {
    if (attempt > 0) await sleep(backoff[attempt - 1] as number);
    try {
      const response = await doFetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...hook.headers },
        body: JSON.stringify(body),
        // A redirect is not followed: it would carry the hook's headers (secrets) to another host.
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      error = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) break;
    } catch (e) {
      const name = e instanceof Error ? e.name : 'error';
      error = name === 'TimeoutError' ? `timed out after ${o.timeoutMs} ms` : `request failed (${name})`;
    }
  }
  return { ok: false, error };
}
