import { randomBytes } from 'node:crypto';

/** Fresh OTLP ids (hex): 16-byte trace id, 8-byte span id. */
export function randomIds(): { traceId: string; spanId: string } {
  return { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
}

/** A one-span OTLP/JSON ExportTraceServiceRequest, as OpenTelemetry SDKs send it. */
export function otlpBody(ids: { traceId: string; spanId: string }): unknown {
  const start = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'routes-test' } }] },
        scopeSpans: [
          {
            scope: { name: 'routes-test' },
            spans: [
              {
                traceId: ids.traceId,
                spanId: ids.spanId,
                name: 'chat demo',
                kind: 3,
                startTimeUnixNano: String(start),
                endTimeUnixNano: String(start + 5_000_000n),
                attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'demo' } }],
                status: {},
              },
            ],
          },
        ],
      },
    ],
  };
}
