import type { JudgeModel, ScorerInput } from '../../spec/scorer.ts';
import { askJudge, type Parsed } from './ask.ts';
import { judgeDetails } from './judge-result.ts';
import { inputText } from './material.ts';
import { extractJsonObject, field, reasonOf } from './parse.ts';
import { pairwisePrompt } from './prompts/pairwise.ts';

export type PairwiseWinner = 'A' | 'B' | 'tie';
/** One ask's verdict in terms of positions: the response shown first (1) or second (2). */
type Position = '1' | '2' | 'tie';

export interface PairwiseOptions {
  model: JudgeModel;
  input: NonNullable<ScorerInput['input']>;
  a: string;
  b: string;
  /** What "better" means; a general helpfulness criterion when omitted. */
  rubric?: string;
  signal?: AbortSignal;
}

export interface PairwiseResult {
  winner: PairwiseWinner;
  /** Both orders agreed (and both were readable). */
  consistent: boolean;
  /** A's preference: 1 if A wins, 0.5 tie, 0 if B wins (for aggregation and DPO export). */
  score: number;
  reason: string;
  /** The verdict of each order, mapped back to A/B; 'unparseable' when that ask failed twice. */
  verdicts: { ab: PairwiseWinner | 'unparseable'; ba: PairwiseWinner | 'unparseable' };
  details: Record<string, unknown>;
}

function readPosition(raw: unknown): Position | undefined {
  if (raw === 1 || raw === 2) return String(raw) as Position;
  if (typeof raw !== 'string') return undefined;
  const v = raw
    .trim()
    .toLowerCase()
    .replace(/^response[\s_]*/, '')
    .replace(/[."'`*[\]]/g, '');
  if (v === '1' || v === 'a' || v === 'first') return '1';
  if (v === '2' || v === 'b' || v === 'second') return '2';
  if (['tie', 'equal', 'draw', 'both', 'neither', 'none', 'same'].includes(v)) return 'tie';
  return undefined;
}

const WINNER_TEXT = /\bwinner\b[^a-z0-9]{0,6}(?:response[\s_]*)?(1|2|tie)\b/i;

export function parsePairwiseVerdict(text: string): Parsed<{ position: Position; reason: string }> {
  const obj = extractJsonObject(text);
  const position = readPosition(field(obj, ['winner', 'better', 'preferred', 'choice', 'verdict']));
  const fromText = position ?? (WINNER_TEXT.exec(text)?.[1]?.toLowerCase() as Position | undefined);
  if (!fromText) return { ok: false, why: 'no winner ("1", "2" or "tie") found' };
  return { ok: true, value: { position: fromText, reason: reasonOf(obj, text) } };
}

async function askOrder(o: PairwiseOptions, first: string, second: string) {
  return askJudge({
    model: o.model,
    messages: pairwisePrompt({
      input: inputText(o.input) ?? '',
      first,
      second,
      ...(o.rubric !== undefined ? { rubric: o.rubric } : {}),
    }),
    parse: parsePairwiseVerdict,
    ...(o.signal ? { signal: o.signal } : {}),
  });
}

const toWinner = (p: Position, firstIs: 'A' | 'B'): PairwiseWinner =>
  p === 'tie' ? 'tie' : (p === '1') === (firstIs === 'A') ? 'A' : 'B';

/**
 * Compares two outputs for the same input, asking in both orders (A,B) and (B,A) to cancel the
 * judge's position bias: the same winner both times wins; any disagreement — including one order
 * unreadable after its retry — is a tie. Model/transport errors propagate.
 */
export async function pairwiseJudge(o: PairwiseOptions): Promise<PairwiseResult> {
  const [ab, ba] = await Promise.all([askOrder(o, o.a, o.b), askOrder(o, o.b, o.a)]);
  const vAb = ab.ok ? toWinner(ab.value.position, 'A') : 'unparseable';
  const vBa = ba.ok ? toWinner(ba.value.position, 'B') : 'unparseable';
  const consistent = vAb !== 'unparseable' && vAb === vBa;
  const winner: PairwiseWinner = consistent ? vAb : 'tie';
  const reason = consistent
    ? winner === 'tie'
      ? `tie in both orders: ${ab.ok ? ab.value.reason : ''}`
      : `${winner} wins in both orders: ${ab.ok ? ab.value.reason : ''}`
    : `inconsistent verdicts (A,B → ${vAb}; B,A → ${vBa}); counted as a tie`;
  return {
    winner,
    consistent,
    score: winner === 'A' ? 1 : winner === 'B' ? 0 : 0.5,
    reason,
    verdicts: { ab: vAb, ba: vBa },
    details: judgeDetails('pairwise', {
      judgeRaw: {
        ab: ab.ok ? ab.raw : ab.raws,
        ba: ba.ok ? ba.raw : ba.raws,
      },
    }),
  };
}
