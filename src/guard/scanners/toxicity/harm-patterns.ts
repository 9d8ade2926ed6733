import { type NormalizedText, toOriginalSpan } from '../../normalize/index.ts';
import type { LexiconHit } from './lexicon.ts';

/**
 * Harm aimed at someone, which word lists miss and a classifier trained on tweets under-scores
 * in ordinary prose: threats ("I will find where you live"), telling someone to harm themselves,
 * wishing them dead, dehumanising a group ("are vermin"), and insults addressed to the reader
 * ("you are a worthless idiot"). Each needs its target, so "kill the process", "this bug is killing
 * me" and a villain's monologue described in the third person do not match, and an insult needs
 * the reader as its subject with nothing between ("you're not dumb", "do you feel stupid" pass). Matched on the
 * detection-normalised text (lower case, leetspeak and look-alikes folded).
 */
// Not beat, destroy or end: "I'll beat you at chess" and "I will destroy you in Mario Kart" are games.
const VIOLENCE = 'kill|hurt|stab|shoot|murder|strangle|rape|slap|punch|burn';
// People a dehumanising sentence names ("immigrants are vermin"); "rats are vermin" and "ticks are
// parasites" are biology and pest control.
const GROUPS =
  'they|these people|those people|immigrants|migrants|refugees|foreigners|muslims|jews|christians|blacks|whites|asians|arabs|mexicans|gays|lesbians|trans people|women|men|liberals|conservatives|democrats|republicans|the poor|poor people|homeless people';
const PATTERNS: ReadonlyArray<{ category: string; score: number; pattern: RegExp }> = [
  {
    category: 'threat',
    score: 0.9,
    pattern: new RegExp(
      String.raw`\bi(?:'?m| am)? (?:will|'ll|gonna|going to|am going to) (?:(?:find|track) (?:you|where you live)\b.{0,40}\b(?:and )?)?(?:${VIOLENCE}|beat the \w+ out of|hunt down) (?:you|your (?:family|kids|children|wife|husband|mother|mom|dad))\b|\bi know where you live\b|\byou(?:'re| are) (?:going to|gonna) (?:die|regret)\b`,
      'g',
    ),
  },
  {
    category: 'self-harm-incitement',
    score: 0.95,
    pattern:
      /(?<!\b(?:don'?t|do not|never|not|didn'?t) )\b(?:go |just |should |pls |please )?(?:kill|hang|off|shoot) (?:yourself|urself|yoself|your self)\b(?! in the foot)|\bkys\b|\bdrink bleach\b/g,
  },
  {
    category: 'death-wish',
    score: 0.9,
    pattern:
      /\bi hope (?:you|u|your \w+) (?:get \w+ and )?(?:die|dies|get cancer|gets cancer|get raped|burn|rot)\b/g,
  },
  {
    category: 'dehumanisation',
    score: 0.9,
    pattern: new RegExp(
      String.raw`\b(?:are|is|r) (?:\w+ )?(?:vermin|subhuman|sub-human|parasites|cockroaches|rats|animals|savages|filth|a disease|a plague|trash)\b(?=.{0,40}\b(?:infest|deport|exterminat|should|must|get out|go back|our country|breed))|\b(?:${GROUPS}) (?:are|r) (?:all )?(?:nothing but )?(?:vermin|subhuman|sub-human|parasites|cockroaches|rats|animals|savages)\b`,
      'g',
    ),
  },
  {
    category: 'insult',
    score: 0.88,
    pattern:
      /\b(?:you|u|ur|you're|youre)(?: are| r| look| sound| smell| act)?(?: such| so| really| just)?(?: an?)?(?: absolute| complete| total| fucking| stupid| worthless| pathetic| useless| little| fat| ugly)* (?:idiot|moron|imbecile|loser|retard|worthless|pathetic|useless|ugly|stupid|dumb|disgusting|waste of space)\b|\b(?:you|u) (?:absolute|complete|total|fucking|stupid|worthless|pathetic) (?:idiot|moron|imbecile|loser|piece of (?:shit|garbage|trash))\b|\b(?:shut (?:the fuck |tf )?up),? (?:you|u)\b|\bbrain[- ]dead (?:monkeys|idiots|morons)\b/g,
  },
];

/** Harm patterns in normalised text, with spans on the original, as lexicon-style hits. */
export function matchHarmPatterns(normalized: NormalizedText): LexiconHit[] {
  const hits: LexiconHit[] = [];
  for (const { category, score, pattern } of PATTERNS) {
    pattern.lastIndex = 0;
    for (const m of normalized.text.matchAll(pattern)) {
      hits.push({ category, score, ...toOriginalSpan(normalized, m.index, m.index + m[0].length) });
    }
  }
  return hits;
}
