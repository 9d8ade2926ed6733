import { fmix32 } from '../../util/index.ts';

/**
 * The sim's word list and its small deterministic randomness. Every word is exactly one o200k_base
 * token both bare and with a leading space (checked by a test), so a generated text of N words is
 * also N tokens to gpt-tokenizer and the sim's own counts agree with any tokenizer-based check.
 */

const WORDS = `the of and to in is it that for on with as was at by be this from or have an are not but
what all were when we there can more if no out so said up its about into than them only other new some
could time these two may then do first any my now such like our over man me even most made after also
did many before must through back years where much your way well down should because each just those
people how too little state good very make world still own see men work long get here between both life
being under never day same another know while last might us great old year off come since against go came
right used take`
  .split(/\s+/)
  .slice(0, 128);

/** 128 words, so `rng() & VOCAB_MASK` picks one without a modulo bias. */
export const VOCAB: readonly string[] = WORDS;
/** The same words with a leading space: every generated unit after the first uses these. */
export const VOCAB_SPACED: readonly string[] = WORDS.map((word) => ` ${word}`);
export const VOCAB_MASK = 127;

/** Mixes two 32-bit values into one (murmur3 finaliser), e.g. a request seed and a choice index. */
export function mixSeed(a: number, b: number): number {
  return fmix32(a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b));
}

/** A uint32 generator (mulberry32, shared from src/util): tiny state, no allocation per draw. */
export type Rng = () => number;

/** `count` word units: the first bare, the rest with a leading space. */
export function generateWords(rng: Rng, count: number): string[] {
  const units = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const index = rng() & VOCAB_MASK;
    units[i] = (i === 0 ? VOCAB[index] : VOCAB_SPACED[index]) as string;
  }
  return units;
}

/**
 * Splits arbitrary text into the sim's token units: a word (letters/digits/_) or a run of other
 * symbols, each with an optional leading space, or a run of whitespace. Concatenating the units
 * gives back the text exactly; used for JSON, tool arguments and scripted replies.
 */
const UNIT_PATTERN = / ?[\p{L}\p{N}_]+| ?[^\p{L}\p{N}_\s]+|\s+/gu;

export function splitUnits(text: string): string[] {
  return text.match(UNIT_PATTERN) ?? [];
}
