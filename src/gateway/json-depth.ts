/**
 * Deepest nesting Keel accepts in a JSON body. `JSON.parse` takes far deeper documents than
 * `JSON.stringify` can write back (V8 overflows its stack at a few thousand levels), and a body
 * is re-serialised on its way upstream, to the cache and to records: deeper bodies were 500s.
 * Real requests (JSON schemas in tools and response formats included) stay well below this.
 */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text nests objects/arrays deeper than `max` (brackets inside strings do not
 * count). One pass over the text; texts too short to nest that deep are not read at all.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length <= 2 * max || !moreOpenersThan(text, max)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** More than `max` "{" and "[" in all: counted with indexOf (native), so most bodies skip the walk. */
function moreOpenersThan(text: string, max: number): boolean {
  let n = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) if (++n > max) return true;
  }
  return false;
}
