import { z } from 'zod';
import { KeelError } from '../../errors/index.ts';

/** Position after the last row of a page, in list order (start desc, trace id desc, tenant desc). */
export interface TraceCursor {
  startUs: number;
  traceId: string;
  tenant: string;
}

const shape = z.tuple([z.number().int().min(0), z.string().min(1).max(256), z.string().min(1).max(256)]);

/** Opaque to clients: base64url JSON, so the format can change without breaking their code. */
export function encodeCursor(c: TraceCursor): string {
  return Buffer.from(JSON.stringify([c.startUs, c.traceId, c.tenant])).toString('base64url');
}

export function decodeCursor(text: string): TraceCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = shape.safeParse(parsed);
  if (!result.success) {
    throw new KeelError('invalid_request', "Invalid value for 'cursor': not a cursor from a previous page", {
      param: 'cursor',
    });
  }
  const [startUs, traceId, tenant] = result.data;
  return { startUs, traceId, tenant };
}

/** Sort order of list rows: newest first, ties broken by trace id then tenant (all descending). */
export function compareDesc(a: TraceCursor, b: TraceCursor): number {
  if (a.startUs !== b.startUs) return b.startUs - a.startUs;
  if (a.traceId !== b.traceId) return a.traceId < b.traceId ? 1 : -1;
  if (a.tenant !== b.tenant) return a.tenant < b.tenant ? 1 : -1;
  return 0;
}
