import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScanContext, ScanInput } from '../../spec/scanner.ts';
import { builtinScanners } from '../policy/registry.ts';

/**
 * Regex back-tracking is the cheap way to take a guard down: one long run of a single character
 * class makes an unanchored `x+…` pattern rescan the run from every position. Every built-in
 * scanner gets such runs at every checkpoint it serves and must answer in well under half a second.
 * (Found this way: the injection end-marker heuristic, the URL-encoded payload decoder and the
 * action-consistency entity pattern were each quadratic.)
 */
const RUNS: Record<string, string> = {
  letters: 'a'.repeat(30_000),
  digits: '1'.repeat(30_000),
  dashes: '-'.repeat(30_000),
  equals: '='.repeat(30_000),
  hashes: '#'.repeat(30_000),
  percents: '%41'.repeat(10_000),
  dotted: 'a.'.repeat(15_000),
  ats: 'a@'.repeat(15_000),
  capitalised: 'Aaaa '.repeat(6000),
  numbers: '12 '.repeat(10_000),
  slashes: '../'.repeat(10_000),
  // Field separators stand for spaces around house numbers: every cell is a candidate.
  cells: 'a;1;'.repeat(7500),
  pipes: '| 12 Elm St, Springfield '.repeat(1200),
  keyValues: 'x=12 Main;'.repeat(3000),
  comments: '<!-- assistant: '.repeat(2000),
};

test('every built-in scanner stays fast on long single-class runs', async () => {
  for (const scanner of builtinScanners().values()) {
    for (const [name, run] of Object.entries(RUNS)) {
      const inputs: ScanInput[] = [{ kind: 'text', text: run }];
      if (scanner.checkpoints.includes('action')) {
        const args = JSON.stringify({ q: run });
        inputs.push({
          kind: 'tool_call',
          call: { id: 'c1', type: 'function', function: { name: 'search', arguments: args } },
        });
      }
      for (const input of inputs) {
        const ctx = { checkpoint: scanner.checkpoints[0], userRequest: run.slice(0, 10_000) } as ScanContext;
        const t0 = performance.now();
        await scanner.scan(input, ctx);
        const ms = performance.now() - t0;
        assert.ok(ms < 500, `${scanner.id} on ${name} (${input.kind}) took ${ms.toFixed(0)} ms`);
      }
    }
  }
});
