/**
 * A deterministic, ordinary-looking prompt of about `chars` characters for latency measurements:
 * mixed-case English prose with punctuation and numbers, no attack content.
 */
const PARAGRAPH =
  'Our team is preparing the quarterly report for the board meeting on 14 March. Please review the ' +
  'summary below and suggest improvements to its structure, tone and clarity. Revenue grew 12% year ' +
  'over year, driven by the new subscription tier, while support costs fell after we moved the help ' +
  'centre to the new platform. Keep the language plain, avoid jargon, and point out any numbers that ' +
  'look inconsistent with the previous quarter. ';

export function benchmarkPrompt(chars = 2048): string {
  let text = '';
  while (text.length < chars) text += PARAGRAPH;
  return text.slice(0, chars);
}

/** Scans `text` `runs` times (after a warm-up) and returns each call's duration in ms. */
export async function timeScans(scan: () => unknown, runs: number): Promise<number[]> {
  for (let i = 0; i < Math.min(50, runs); i++) await scan();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await scan();
    ms.push(performance.now() - t0);
  }
  return ms;
}
