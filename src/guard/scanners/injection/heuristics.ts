import type { Heuristic } from './heuristic-rule.ts';
import type { RuleHit } from './phrases.ts';
import { CORE_RULES } from './rules-core.ts';
import { DISCLOSURE_RULES } from './rules-disclosure.ts';
import { EMBEDDED_RULES } from './rules-embedded.ts';
import { EXTRACTION_RULES } from './rules-extraction.ts';
import { FAMILY_RULES } from './rules-families.ts';
import { FRAMING_RULES } from './rules-framing.ts';
import { INDIRECT_RULES } from './rules-indirect.ts';
import { PLANTED_RULES } from './rules-planted.ts';
import { GateWords } from './word-gate.ts';

/**
 * Pattern heuristics over the normalised (lower-case, whitespace-collapsed) text. Strong ones are
 * near-unambiguous on their own (chat-template tokens, "DAN mode enabled"); weak ones are common
 * in attacks but also in honest prompts ("act as", "new task"), so they only become classifier
 * features and the classifier learns how much each is worth next to the words around it.
 */

const HEURISTICS: readonly Heuristic[] = [
  ...CORE_RULES,
  ...FAMILY_RULES,
  ...FRAMING_RULES,
  ...EMBEDDED_RULES,
  ...INDIRECT_RULES,
  ...EXTRACTION_RULES,
  ...DISCLOSURE_RULES,
  ...PLANTED_RULES,
];

const GATE_WORDS = new GateWords(HEURISTICS.flatMap((h) => (h.gate ?? []).flat()));
/** Each rule's gate as word ids: one of each group must be seen. */
const GATE_IDS = HEURISTICS.map((h) =>
  h.gate?.map((group) => group.map((word) => GATE_WORDS.ids.get(word) as number)),
);

function gateOpen(gate: readonly (readonly number[])[] | undefined, seen: Uint8Array): boolean {
  return gate === undefined || gate.every((group) => group.some((id) => seen[id] === 1));
}

/** The rules and their gates, for the test that checks each gate against its ungated pattern. */
export const HEURISTIC_RULES: readonly Readonly<Heuristic>[] = HEURISTICS;

/**
 * Runs every heuristic once over `text`; one hit per rule (the first match). `ungated` runs every
 * pattern regardless of its gate (the reference the gates are tested against).
 */
export function matchHeuristics(text: string, options: { ungated?: boolean } = {}): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = options.ungated ? undefined : GATE_WORDS.find(text);
  for (let k = 0; k < HEURISTICS.length; k++) {
    const h = HEURISTICS[k] as Heuristic;
    if (seen && !gateOpen(GATE_IDS[k], seen)) continue;
    const match = h.pattern.exec(text);
    if (match) {
      hits.push({
        rule: h.rule,
        score: h.score,
        strong: h.strong,
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  return hits;
}
