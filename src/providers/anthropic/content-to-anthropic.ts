import { KeelError } from '../../errors/index.ts';
import type { ContentPart } from '../../spec/index.ts';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicTextBlock,
} from './types.ts';

/** The image formats Anthropic accepts; anything else is rejected here with a clear message. */
const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const DATA_URL = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s;

type Part = ContentPart & Record<string, unknown>;

function cacheControlOf(part: Record<string, unknown>): AnthropicCacheControl | undefined {
  const value = part.cache_control;
  return value !== null && typeof value === 'object' ? (value as AnthropicCacheControl) : undefined;
}

function withCache<T extends object>(block: T, part: Record<string, unknown>): T {
  const cache = cacheControlOf(part);
  return cache === undefined ? block : { ...block, cache_control: cache };
}

function parseDataUrl(url: string, param: string): { mediaType: string; data: string } {
  const match = DATA_URL.exec(url);
  if (match === null) {
    throw new KeelError('invalid_request', 'Data URLs sent to Anthropic must be base64-encoded', { param });
  }
  return { mediaType: (match[1] as string).toLowerCase(), data: match[2] as string };
}

/** `data:` URLs become base64 sources; http(s) URLs are fetched by Anthropic itself. */
export function imageBlockFromUrl(url: string, param: string): AnthropicImageBlock {
  if (url.startsWith('data:')) {
    const { mediaType, data } = parseDataUrl(url, param);
    if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
      throw new KeelError('invalid_request', `Image type ${mediaType} is not supported by Anthropic`, {
        param,
      });
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new KeelError('invalid_request', 'Image URLs must be data: or http(s): URLs', { param });
}

/** OpenAI `file` parts carry PDFs as data URLs; Anthropic calls them documents. */
function documentFromFile(part: Part, param: string): AnthropicDocumentBlock {
  const file = part.file as { file_data?: unknown; filename?: unknown } | undefined;
  if (typeof file?.file_data !== 'string') {
    throw new KeelError('invalid_request', 'Only inline file_data files can be sent to Anthropic', { param });
  }
  const { mediaType, data } = parseDataUrl(file.file_data, param);
  if (mediaType !== 'application/pdf') {
    throw new KeelError('invalid_request', `File type ${mediaType} is not supported by Anthropic`, { param });
  }
  const block: AnthropicDocumentBlock = {
    type: 'document',
    source: { type: 'base64', media_type: mediaType, data },
  };
  if (typeof file.filename === 'string') block.title = file.filename;
  return withCache(block, part);
}

function textBlock(text: string, part: Record<string, unknown>): AnthropicTextBlock {
  return withCache({ type: 'text', text }, part);
}

/**
 * One OpenAI content part → one Anthropic block (or none for empty text, which Anthropic rejects).
 * Anthropic-native `image`/`document` parts (from an Anthropic client) pass through unchanged.
 */
export function partToBlock(part: ContentPart, param: string): AnthropicContentBlock | undefined {
  const p = part as Part;
  switch (p.type) {
    case 'text':
    case 'refusal': {
      const text = p.type === 'text' ? p.text : p.refusal;
      if (typeof text !== 'string')
        throw new KeelError('invalid_request', 'Text parts need a string', { param });
      return text === '' ? undefined : textBlock(text, p);
    }
    case 'image_url': {
      const image = p.image_url as { url?: unknown } | undefined;
      if (typeof image?.url !== 'string') {
        throw new KeelError('invalid_request', 'image_url parts need image_url.url', { param });
      }
      return withCache(imageBlockFromUrl(image.url, param), p);
    }
    case 'file':
      return documentFromFile(p, param);
    case 'image':
    case 'document':
      return p as unknown as AnthropicContentBlock;
    default:
      throw new KeelError('invalid_request', `Content part type "${p.type}" is not supported by Anthropic`, {
        param,
      });
  }
}

/** Message content (string or parts) → Anthropic blocks; empty text is dropped. */
export function contentToBlocks(
  content: string | ContentPart[] | null | undefined,
  param: string,
): AnthropicContentBlock[] {
  if (content === null || content === undefined || content === '') return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    throw new KeelError('invalid_request', 'Message content must be a string or an array of parts', {
      param,
    });
  }
  const blocks: AnthropicContentBlock[] = [];
  content.forEach((part, index) => {
    const block = partToBlock(part, `${param}[${index}]`);
    if (block !== undefined) blocks.push(block);
  });
  return blocks;
}
