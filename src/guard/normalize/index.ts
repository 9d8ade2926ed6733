export type { DecodedPayload, DecodeOptions, PayloadKind } from './decoders.ts';
export { decodeEmbeddedPayloads, rot13 } from './decoders.ts';
export { foldLeet } from './fold-leet.ts';
export type { NormalizedText } from './normalize.ts';
export { normalizeForDetection, toOriginalSpan } from './normalize.ts';
export { joinSpacedLetters } from './spaced-letters.ts';
export { isWordCharCode } from './word-chars.ts';
