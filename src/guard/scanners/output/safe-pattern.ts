import retModule, { type Root, type Token } from 'ret';

// ret is CommonJS whose `module.exports` is the tokenizer function itself (`.types` attached);
// its declarations describe an ES-module shape instead, so the default import is re-typed here.
const tokenize = retModule as unknown as typeof retModule.tokenizer;
const { types } = retModule;

/**
 * Can a regular expression be run without risking catastrophic backtracking? V8's regex engine
 * backtracks and cannot be interrupted, so one bad pattern (`^(a+)+$`) blocks the event loop for
 * every request. Patterns come from configuration (custom `regex` scanners) and from callers
 * (JSON-schema `pattern` in tool parameters and `response_format`), so they are analysed before use.
 *
 * The pattern is parsed with `ret` (the parser behind safe-regex2) and bounded by a cost model
 * rather than safe-regex2's star-height test alone, which misses `(a|a)*` (exponential at star
 * height one) and polynomial blow-ups (`\d*\d*\d*!` takes minutes on 1000 characters), and refuses
 * safe optional groups such as `(\+\d{1,3})?`. Refused outright:
 * - an unbounded repetition (`*`, `+`, `{n,}`) around anything that can match in more than one way
 *   (another quantifier or an alternation): exponential;
 * - patterns whose bounded nesting alone exceeds the budget (`(a|aa){1,30}`).
 * Otherwise each unbounded quantifier may multiply the work by the input length, so the longest
 * input the pattern may safely run on follows from the budget (`maxInput`): a plain `^[a-z]+$`
 * runs on anything up to MAX_INPUT, an unanchored `.*a.*b` on a few hundred characters.
 */

/** Worst-case backtracking steps allowed for one match attempt (a few ms of CPU). */
export const PATTERN_STEP_BUDGET = 10_000_000;
/** Longest input any pattern is run on. */
const MAX_INPUT = 8192;
/** A pattern whose budget leaves less than this much input is of no use: refused. */
const MIN_INPUT = 16;

export type PatternAnalysis =
  | {
      ok: true;
      /** Longest input (UTF-16 units) the pattern may be run on. */
      maxInput: number;
      /** Worst-case steps of one run on `length` characters (for a budget over many runs). */
      cost(length: number): number;
    }
  /** Why the pattern is refused (no pattern text): it risks catastrophic backtracking. */
  | { ok: false; reason: string };

/** Worst-case ways to match, as `fixed × n^power` for an input of n characters. */
interface Ways {
  fixed: number;
  power: number;
}

class Refused extends Error {}

const ONE: Ways = { fixed: 1, power: 0 };
const times = (a: Ways, b: Ways): Ways => ({ fixed: a.fixed * b.fixed, power: a.power + b.power });
const isOne = (w: Ways): boolean => w.fixed === 1 && w.power === 0;

function waysOfStack(stack: readonly Token[]): Ways {
  return stack.reduce((acc, t) => times(acc, waysOf(t)), ONE);
}

function waysOfOptions(options: readonly Token[][]): Ways {
  // Σ over the branches ≤ branches × the costliest branch.
  const each = options.map(waysOfStack);
  const power = Math.max(...each.map((w) => w.power));
  const fixed = Math.max(...each.map((w) => w.fixed));
  return { fixed: fixed * options.length, power };
}

function waysOf(token: Token): Ways {
  switch (token.type) {
    case types.GROUP:
      if (token.options) return waysOfOptions(token.options);
      return waysOfStack(token.stack ?? []);
    case types.REPETITION: {
      const inner = waysOf(token.value);
      if (token.max === Number.POSITIVE_INFINITY) {
        if (!isOne(inner))
          throw new Refused('nested quantifier or alternation under an unbounded quantifier');
        return { fixed: 1, power: 1 };
      }
      // Each of up to `max` iterations may choose again; the count itself is a choice too.
      const choices = token.max - token.min + 1;
      return { fixed: choices * inner.fixed ** token.max, power: inner.power * token.max };
    }
    default:
      return ONE;
  }
}

function isAnchored(root: Root, flags: string): boolean {
  if (flags.includes('m')) return false;
  const starts = (stack: readonly Token[] | undefined) => {
    const first = stack?.[0];
    return first?.type === types.POSITION && first.value === '^';
  };
  return root.options ? root.options.every(starts) : starts(root.stack);
}

/** Analyses `source` (assumed already accepted by `new RegExp`); never throws. */
export function analyzePattern(source: string, flags = ''): PatternAnalysis {
  let root: Root;
  try {
    root = tokenize(source);
  } catch {
    return { ok: false, reason: 'pattern cannot be analysed' };
  }
  let ways: Ways;
  try {
    ways = root.options ? waysOfOptions(root.options) : waysOfStack(root.stack ?? []);
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
  // An unanchored pattern is tried at every start position: one more factor of n.
  const power = ways.power + (isAnchored(root, flags) ? 0 : 1);
  const cost = (n: number) => Math.max(n, ways.fixed * n ** power);
  let maxInput = MAX_INPUT;
  if (cost(MAX_INPUT) > PATTERN_STEP_BUDGET) {
    maxInput = power === 0 ? 0 : Math.floor((PATTERN_STEP_BUDGET / ways.fixed) ** (1 / power));
  }
  if (!(maxInput >= MIN_INPUT)) return { ok: false, reason: 'too many quantifiers and alternatives' };
  return { ok: true, maxInput, cost };
}
