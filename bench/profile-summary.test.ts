import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeProfile } from './profile-summary.ts';

const frame = (functionName: string, url: string, lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

// root → handler (src) → JSON.parse-ish (dep) ; root → (idle)
const PROFILE = {
  startTime: 0,
  endTime: 10_000,
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
    { id: 2, callFrame: frame('handler', 'file:///repo/src/gateway/routes/chat.ts', 9), children: [3] },
    { id: 3, callFrame: frame('parse', 'file:///repo/node_modules/fastify/lib/x.js', 99) },
    { id: 4, callFrame: frame('(idle)', '') },
  ],
  samples: [2, 3, 3, 4, 4, 4],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 5000],
};

test('attributes self time to functions and to files or packages', () => {
  const s = summarizeProfile(PROFILE);
  assert.equal(s.totalMs, 10);
  assert.equal(s.idleMs, 7);
  assert.deepEqual(s.byFunction[0], { name: '(idle) (native)', selfMs: 7, pct: 70 });
  assert.deepEqual(
    s.byFile.map((h) => h.name),
    ['(native)', 'dep:fastify', 'src/gateway/routes/chat.ts'],
  );
  assert.equal(s.byFunction.find((h) => h.name === 'handler src/gateway/routes/chat.ts:10')?.selfMs, 1);
});

test("counts callees into Keel's own functions' total time", () => {
  const s = summarizeProfile(PROFILE);
  assert.deepEqual(s.ownInclusive, [{ name: 'handler src/gateway/routes/chat.ts:10', selfMs: 3, pct: 30 }]);
});
