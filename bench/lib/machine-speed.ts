/**
 * A fixed CPU-bound reference loop (summing the char codes of a 2 KB string), reported with
 * latency figures. The shared VM's speed has changed by 2-3x between sessions and even within an
 * hour, so a p50 alone cannot say whether code got slower or the machine did; the reference, run
 * in the same process just before, can. Lower is faster; compare runs by it.
 */
const TEXT = 'abcdefghij'.repeat(205);

function sumCodes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n += text.charCodeAt(i);
  return n;
}

/**
 * Fastest ns per character over `rounds` timed rounds of 1,000 loops each (after warm-up). The
 * fastest round, not the median: right after a large import V8's background compiler and GC
 * share the two cores, and the reference should say what the machine can do, not what it was
 * doing at that moment.
 */
export function machineSpeedNsPerChar(rounds = 40): number {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += sumCodes(TEXT);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) sink += sumCodes(TEXT);
    samples.push(((performance.now() - t0) * 1e6) / (1000 * TEXT.length));
  }
  if (sink === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return Math.round(Math.min(...samples) * 100) / 100;
}
