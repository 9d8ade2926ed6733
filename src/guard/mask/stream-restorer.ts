/**
 * Restores placeholders in a streamed answer. A chunk may end inside a placeholder (`…call <EMA`
 * then `IL_1> now`), so only a trailing piece that could still become a placeholder is held back;
 * everything before it is emitted at once. Anything longer than a placeholder can be is released,
 * so a stray `<` never stalls the stream.
 */

export interface StreamRestorer {
  /** Text to emit for this chunk (may be empty while a possible placeholder is buffered). */
  push(chunk: string): string;
  /** Emits whatever is still buffered; call at the end of the stream. */
  flush(): string;
}

const MAX_PLACEHOLDER = 40;
// A prefix of `<LABEL_123>`: `<`, then capitals/underscores, then digits.
const PARTIAL = /<[A-Z_]*\d*$/;

export function createStreamRestorer(restore: (text: string) => string): StreamRestorer {
  let held = '';
  return {
    push(chunk: string): string {
      const text = held + chunk;
      held = '';
      const lt = text.lastIndexOf('<');
      if (lt >= 0 && text.length - lt < MAX_PLACEHOLDER) {
        const tail = text.slice(lt);
        if (PARTIAL.test(tail)) {
          held = tail;
          return restore(text.slice(0, lt));
        }
      }
      return restore(text);
    },
    flush(): string {
      const out = restore(held);
      held = '';
      return out;
    },
  };
}
