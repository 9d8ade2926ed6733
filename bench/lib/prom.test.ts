import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diff, histogram, parseSamples, quantile, total } from './prom.ts';

const BEFORE = `# HELP keel_overhead_seconds Time Keel adds
# TYPE keel_overhead_seconds histogram
keel_overhead_seconds_bucket{le="0.0001",endpoint="chat"} 10
keel_overhead_seconds_bucket{le="0.001",endpoint="chat"} 20
keel_overhead_seconds_bucket{le="+Inf",endpoint="chat"} 20
keel_overhead_seconds_sum{endpoint="chat"} 0.005
keel_overhead_seconds_count{endpoint="chat"} 20
keel_overhead_seconds_bucket{le="0.0001",endpoint="embeddings"} 99
keel_overhead_seconds_bucket{le="0.001",endpoint="embeddings"} 99
keel_overhead_seconds_bucket{le="+Inf",endpoint="embeddings"} 99
keel_record_queue{state="written"} 40
keel_record_queue{state="dropped"} 1
`;

const AFTER = BEFORE.replace('le="0.0001",endpoint="chat"} 10', 'le="0.0001",endpoint="chat"} 60')
  .replace('le="0.001",endpoint="chat"} 20', 'le="0.001",endpoint="chat"} 120')
  .replace('le="+Inf",endpoint="chat"} 20', 'le="+Inf",endpoint="chat"} 120')
  .replace('_sum{endpoint="chat"} 0.005', '_sum{endpoint="chat"} 0.025')
  .replace('_count{endpoint="chat"} 20', '_count{endpoint="chat"} 120');

test('parses samples with labels in any order and skips comments', () => {
  const samples = parseSamples(BEFORE);
  assert.equal(samples.length, 10);
  assert.deepEqual(samples[0], {
    name: 'keel_overhead_seconds_bucket',
    labels: { le: '0.0001', endpoint: 'chat' },
    value: 10,
  });
  assert.equal(total(samples, 'keel_record_queue', { state: 'written' }), 40);
  assert.equal(total(samples, 'keel_record_queue'), 41);
});

test('selects one histogram by label, subtracts two scrapes and interpolates quantiles', () => {
  const before = histogram(parseSamples(BEFORE), 'keel_overhead_seconds', { endpoint: 'chat' });
  const after = histogram(parseSamples(AFTER), 'keel_overhead_seconds', { endpoint: 'chat' });
  const d = diff(after, before);
  assert.equal(d.count, 100);
  assert.ok(Math.abs(d.sum - 0.02) < 1e-12);
  assert.deepEqual(
    d.buckets.map((b) => b.count),
    [50, 100, 100],
  );
  // Rank 50 is the top of the first bucket; rank 75 sits halfway through the second.
  assert.equal(quantile(d, 0.5), 0.0001);
  assert.ok(Math.abs(quantile(d, 0.75) - 0.00055) < 1e-12);
  assert.ok(Number.isNaN(quantile({ buckets: [], sum: 0, count: 0 }, 0.5)));
});
