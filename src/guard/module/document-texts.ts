import type { ContentPart } from '../../spec/chat.ts';

/**
 * The texts inside an Anthropic `document` content part (which the `/v1/messages` translation
 * passes through as it is): a plain-text source (`source: {type: 'text', data}`), a content source
 * (`source: {type: 'content', content: string | [{type: 'text', text}]}`), and the caller's
 * `title` and `context`. The model reads all of them, so the input checkpoint screens (and masks)
 * them like any text part. PDF, URL and file sources carry no text Keel can read.
 *
 * `DocField` says where a text sits, so it can be written back: `'data'`, `'content'` (a string
 * content source), a number (the text block at that index of the content source), `'title'`, `'context'`.
 */
export type DocField = 'data' | 'content' | 'title' | 'context' | number;

interface DocPart {
  type: 'document';
  source?: { type?: unknown; data?: unknown; content?: unknown };
  title?: unknown;
  context?: unknown;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function documentTexts(part: ContentPart): Array<{ field: DocField; text: string }> {
  if (part.type !== 'document') return [];
  const doc = part as DocPart;
  const out: Array<{ field: DocField; text: string }> = [];
  const source = doc.source;
  if (source?.type === 'text' && nonEmpty(source.data)) out.push({ field: 'data', text: source.data });
  if (source?.type === 'content') {
    if (nonEmpty(source.content)) out.push({ field: 'content', text: source.content });
    else if (Array.isArray(source.content)) {
      source.content.forEach((block: { type?: unknown; text?: unknown }, i) => {
        if (block?.type === 'text' && nonEmpty(block.text)) out.push({ field: i, text: block.text });
      });
    }
  }
  if (nonEmpty(doc.title)) out.push({ field: 'title', text: doc.title });
  if (nonEmpty(doc.context)) out.push({ field: 'context', text: doc.context });
  return out;
}

/** A copy of the document part with the text at `field` replaced. */
export function withDocumentText(part: ContentPart, field: DocField, text: string): ContentPart {
  const doc = part as DocPart & ContentPart;
  if (field === 'title' || field === 'context') return { ...doc, [field]: text };
  const source = { ...(doc.source ?? {}) };
  if (field === 'data') source.data = text;
  else if (field === 'content') source.content = text;
  else {
    const blocks = [...(source.content as unknown[])];
    blocks[field] = { ...(blocks[field] as object), text };
    source.content = blocks;
  }
  return { ...doc, source };
}
