/**
 * OpenAI `reasoning_effort` ↔ a thinking budget in tokens: the one table Keel uses wherever the two
 * meet — the Anthropic adapter and the sim (effort → budget), budget reservations (the largest
 * budget an effort can become) and OpenAI-dialect upstreams (an Anthropic budget → an effort).
 * low/medium/high are LiteLLM's numbers; `minimal` gets Anthropic's smallest allowed budget.
 */
export const REASONING_EFFORT_BUDGETS: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 2048,
  high: 4096,
};

export const MAX_REASONING_EFFORT_BUDGET = Math.max(...Object.values(REASONING_EFFORT_BUDGETS));

/** The inverse: the smallest of low/medium/high whose budget covers `budget` (else high). */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  for (const effort of ['low', 'medium'] as const) {
    if (budget <= (REASONING_EFFORT_BUDGETS[effort] as number)) return effort;
  }
  return 'high';
}
