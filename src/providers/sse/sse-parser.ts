/** One dispatched server-sent event. `event` is absent for the default `message` type. */
export interface SseEvent {
  event: string | undefined;
  data: string;
  id: string | undefined;
}

const LF = 10;
const COLON = 58;
const SPACE = 32;
const NO_EVENTS: readonly SseEvent[] = Object.freeze([]);

/**
 * Incremental parser for the `text/event-stream` format (WHATWG HTML §9.2): LF, CRLF and CR line
 * ends, multi-line data, comments, and events or UTF-8 characters split across chunk boundaries.
 * It sits on the path of every streamed token, so it scans with indexOf instead of regexes and
 * never re-scans text it has already consumed.
 */
export class SseParser {
  #decoder = new TextDecoder('utf-8');
  /** Text of an unfinished line (never contains a line end). */
  #pending = '';
  /** The previous chunk ended in CR: a leading LF in the next chunk completes that CRLF. */
  #skipLeadingLf = false;
  #data = '';
  #hasData = false;
  #event: string | undefined = undefined;
  #id: string | undefined = undefined;

  /** Feeds bytes (or already decoded text); returns the events completed by them. */
  push(chunk: Uint8Array | string): readonly SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (text.length === 0) return NO_EVENTS;
    if (this.#skipLeadingLf) {
      this.#skipLeadingLf = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    return this.#scan(text);
  }

  /**
   * Flushes the decoder at end of stream. Per the spec an event without its terminating blank line
   * is incomplete and is discarded, so this returns nothing; it resets the parser for reuse.
   */
  end(): void {
    this.#decoder.decode();
    this.#pending = '';
    this.#skipLeadingLf = false;
    this.#resetEvent();
  }

  #scan(text: string): readonly SseEvent[] {
    let events: SseEvent[] | undefined;
    let start = 0;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    const length = text.length;
    while (start < length) {
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        if (lf === -1) break;
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 === length) {
          this.#skipLeadingLf = true;
          next = length;
        } else {
          next = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        }
      }
      let line = text.slice(start, end);
      if (this.#pending.length > 0) {
        line = this.#pending + line;
        this.#pending = '';
      }
      const event = this.#line(line);
      if (event !== undefined) {
        if (events === undefined) events = [event];
        else events.push(event);
      }
      start = next;
    }
    if (start < length) this.#pending += start === 0 ? text : text.slice(start);
    return events ?? NO_EVENTS;
  }

  #line(line: string): SseEvent | undefined {
    if (line.length === 0) return this.#dispatch();
    const first = line.charCodeAt(0);
    if (first === COLON) return undefined;
    // Fast path: nearly every line of an LLM stream is `data: {...}`.
    if (first === 100 && line.startsWith('data:')) {
      this.#appendData(line.charCodeAt(5) === SPACE ? line.slice(6) : line.slice(5));
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = '';
    if (colon !== -1) value = line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    if (field === 'data') this.#appendData(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    // `retry` and unknown fields are ignored: reconnection is not ours to do.
    return undefined;
  }

  #appendData(value: string): void {
    this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
    this.#hasData = true;
  }

  #dispatch(): SseEvent | undefined {
    if (!this.#hasData) {
      this.#event = undefined;
      return undefined;
    }
    const event: SseEvent = {
      event: this.#event === '' ? undefined : this.#event,
      data: this.#data,
      id: this.#id,
    };
    this.#resetEvent();
    return event;
  }

  #resetEvent(): void {
    this.#data = '';
    this.#hasData = false;
    this.#event = undefined;
  }
}

/** Parses a byte stream into events as they complete. */
export async function* parseSse(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  for await (const chunk of source) {
    const events = parser.push(chunk);
    for (let i = 0; i < events.length; i++) yield events[i] as SseEvent;
  }
  parser.end();
}
