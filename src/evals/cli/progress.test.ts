import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress, duration, estimateText, progressLine } from './progress.ts';

const p = (over: object = {}) => ({
  done: 25,
  total: 100,
  errors: 0,
  costUsd: 0.0123,
  elapsedMs: 5000,
  concurrency: 8,
  resumed: 0,
  ...over,
});

describe('progress', () => {
  it('a bar with percent, ETA from this run’s rate (not resumed items), cost and concurrency', () => {
    assert.equal(progressLine(p(), 10), '[###.......] 25% 25/100 ETA 15s $0.0123 c=8');
    // 20 of the 25 were done before a resume: 5 in 5 s → 75 left takes 75 s.
    assert.equal(
      progressLine(p({ resumed: 20, errors: 2 }), 10),
      '[###.......] 25% 25/100 ETA 1m15s $0.0123 c=8 2 errors',
    );
    assert.equal(duration(3_725_000), '1h02m');
  });

  it('redraws in place on a terminal (throttled); prints periodic lines otherwise', () => {
    let now = 0;
    const tty: string[] = [];
    const bar = createProgress({ write: (t) => tty.push(t), tty: true, now: () => now });
    bar.update(p());
    now = 50;
    bar.update(p({ done: 26 }));
    now = 200;
    bar.update(p({ done: 27 }));
    bar.done();
    assert.equal(tty.length, 3);
    assert.ok(tty.every((t) => t.startsWith('\r\x1b[2K')));
    assert.ok(tty[2]!.endsWith('\n'));
    const plain: string[] = [];
    const log = createProgress({ write: (t) => plain.push(t), tty: false, now: () => now });
    log.update(p());
    now += 1000;
    log.update(p());
    log.update(p({ done: 100 }));
    log.done();
    assert.deepEqual(
      plain.map((l) => l.startsWith('progress: ')),
      [true, true],
    );
  });

  it('the estimate lists each target and unpriced models', () => {
    const text = estimateText(
      {
        items: 10,
        calls: 20,
        sampled: 10,
        usd: 0.5,
        judgeUsd: 0.1,
        unpriced: ['mystery'],
        targets: [
          {
            key: 'a',
            model: 'a',
            promptTokensPerItem: 120.4,
            outputTokensPerItem: 256,
            usd: 0.4,
            priced: true,
          },
        ],
      },
      1,
    );
    assert.match(text, /estimate: 20 calls \(10 items\), about \$0\.5000 \(cap \$1\.0000\)/);
    assert.match(text, /a: ~120 prompt \+ 256 output tokens per item, \$0\.4000/);
    assert.match(text, /no price for: mystery/);
  });
});
