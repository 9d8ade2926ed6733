/** A W3C Trace Context `traceparent` header, parsed; null when absent or invalid (then ignored). */
export interface TraceParent {
  traceId: string;
  parentId: string;
  sampled: boolean;
}

const PATTERN = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

export function parseTraceparent(header: string | string[] | undefined): TraceParent | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (!value || value.length > 512) return null;
  const m = PATTERN.exec(value);
  if (!m) return null;
  const [, version, traceId, parentId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  // Version ff is invalid; version 00 has exactly four fields; later versions may append more.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  return { traceId, parentId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}
