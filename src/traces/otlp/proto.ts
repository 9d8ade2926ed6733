import protobuf from 'protobufjs';

/**
 * The OTLP trace messages as a protobufjs descriptor, decoded and encoded by protobufjs (no
 * hand-written wire code). Message, field names and numbers follow the OpenTelemetry protocol
 * definitions — opentelemetry-proto, files opentelemetry/proto/{collector/trace,trace,common,
 * resource}/v1/*.proto, Copyright The OpenTelemetry Authors, Apache License 2.0 — transcribed for
 * the subset a trace receiver reads. Field names are the lowerCamelCase of the proto names, i.e.
 * exactly the OTLP/JSON keys, so both encodings decode to the same shape. Enum fields are read as
 * plain integers (same wire type) so an unknown enum value is not a decode error. Fields not
 * listed (newer additions such as entity refs) are skipped by the decoder, as proto3 requires.
 *
 * Also google.rpc.Status (Apache-2.0, Google LLC) for protobuf error bodies, as OTLP/HTTP requires.
 */
const descriptor = {
  nested: {
    common: {
      nested: {
        AnyValue: {
          oneofs: {
            value: {
              oneof: [
                'stringValue',
                'boolValue',
                'intValue',
                'doubleValue',
                'arrayValue',
                'kvlistValue',
                'bytesValue',
              ],
            },
          },
          fields: {
            stringValue: { type: 'string', id: 1 },
            boolValue: { type: 'bool', id: 2 },
            intValue: { type: 'int64', id: 3 },
            doubleValue: { type: 'double', id: 4 },
            arrayValue: { type: 'ArrayValue', id: 5 },
            kvlistValue: { type: 'KeyValueList', id: 6 },
            bytesValue: { type: 'bytes', id: 7 },
          },
        },
        ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
        KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
        KeyValue: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } },
        },
        InstrumentationScope: {
          fields: {
            name: { type: 'string', id: 1 },
            version: { type: 'string', id: 2 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
            droppedAttributesCount: { type: 'uint32', id: 4 },
          },
        },
        Resource: {
          fields: {
            attributes: { rule: 'repeated', type: 'KeyValue', id: 1 },
            droppedAttributesCount: { type: 'uint32', id: 2 },
          },
        },
      },
    },
    trace: {
      nested: {
        ExportTraceServiceRequest: {
          fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } },
        },
        ExportTraceServiceResponse: {
          fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } },
        },
        ExportTracePartialSuccess: {
          fields: {
            rejectedSpans: { type: 'int64', id: 1 },
            errorMessage: { type: 'string', id: 2 },
          },
        },
        ResourceSpans: {
          fields: {
            resource: { type: 'common.Resource', id: 1 },
            scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
            schemaUrl: { type: 'string', id: 3 },
          },
        },
        ScopeSpans: {
          fields: {
            scope: { type: 'common.InstrumentationScope', id: 1 },
            spans: { rule: 'repeated', type: 'Span', id: 2 },
            schemaUrl: { type: 'string', id: 3 },
          },
        },
        Span: {
          fields: {
            traceId: { type: 'bytes', id: 1 },
            spanId: { type: 'bytes', id: 2 },
            traceState: { type: 'string', id: 3 },
            parentSpanId: { type: 'bytes', id: 4 },
            flags: { type: 'fixed32', id: 16 },
            name: { type: 'string', id: 5 },
            kind: { type: 'int32', id: 6 },
            startTimeUnixNano: { type: 'fixed64', id: 7 },
            endTimeUnixNano: { type: 'fixed64', id: 8 },
            attributes: { rule: 'repeated', type: 'common.KeyValue', id: 9 },
            droppedAttributesCount: { type: 'uint32', id: 10 },
            events: { rule: 'repeated', type: 'Event', id: 11 },
            droppedEventsCount: { type: 'uint32', id: 12 },
            links: { rule: 'repeated', type: 'Link', id: 13 },
            droppedLinksCount: { type: 'uint32', id: 14 },
            status: { type: 'Status', id: 15 },
          },
        },
        Event: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 },
            name: { type: 'string', id: 2 },
            attributes: { rule: 'repeated', type: 'common.KeyValue', id: 3 },
            droppedAttributesCount: { type: 'uint32', id: 4 },
          },
        },
        Link: {
          fields: {
            traceId: { type: 'bytes', id: 1 },
            spanId: { type: 'bytes', id: 2 },
            traceState: { type: 'string', id: 3 },
            attributes: { rule: 'repeated', type: 'common.KeyValue', id: 4 },
            droppedAttributesCount: { type: 'uint32', id: 5 },
            flags: { type: 'fixed32', id: 6 },
          },
        },
        Status: {
          fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } },
        },
      },
    },
    rpc: {
      nested: {
        Status: {
          fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);
const requestType = root.lookupType('trace.ExportTraceServiceRequest');
const responseType = root.lookupType('trace.ExportTraceServiceResponse');
const statusType = root.lookupType('rpc.Status');

/** Decodes an ExportTraceServiceRequest; throws on malformed bytes. Ids stay bytes, times Longs. */
export function decodeTraceRequest(bytes: Uint8Array): unknown {
  return requestType.decode(bytes);
}

/** Encodes a request (for tests and the benchmark's load generator). */
export function encodeTraceRequest(message: Record<string, unknown>): Uint8Array {
  return requestType.encode(requestType.fromObject(message)).finish();
}

export function encodeTraceResponse(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  return responseType.encode(responseType.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}

export function decodeTraceResponse(
  bytes: Uint8Array,
): { rejectedSpans: number; errorMessage: string } | null {
  const message = responseType.toObject(responseType.decode(bytes), { longs: Number, defaults: true }) as {
    partialSuccess?: { rejectedSpans: number; errorMessage: string };
  };
  return message.partialSuccess ?? null;
}

/** google.rpc.Status, the OTLP/HTTP error body for protobuf requests. */
export function encodeRpcStatus(status: { code: number; message: string }): Uint8Array {
  return statusType.encode(statusType.fromObject(status)).finish();
}
