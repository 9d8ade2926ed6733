/** The terminator OpenAI-dialect streams end with. */
export const SSE_DONE = 'data: [DONE]\n\n';

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Encodes one event. Data with line breaks becomes several `data:` lines (the parser joins them
 * back with LF); the common single-line case is one template string.
 */
export function encodeSseEvent(input: { data: string; event?: string; id?: string }): string {
  let head = '';
  if (input.event !== undefined) head += `event: ${input.event}\n`;
  if (input.id !== undefined) head += `id: ${input.id}\n`;
  const data = input.data;
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) return `${head}data: ${data}\n\n`;
  return `${head}data: ${data.split(LINE_BREAK).join('\ndata: ')}\n\n`;
}

/** Shorthand for the plain `data:` event of OpenAI-dialect streams. */
export function encodeSseData(data: string): string {
  return encodeSseEvent({ data });
}

/** A comment line: ignored by clients, used as a keep-alive that proxies don't buffer forever. */
export function encodeSseComment(text = ''): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
