/**
 * Preloaded into the Keel process during the benchmark (`node --import bench/lib/gc-probe.ts`):
 * after every major (mark-compact) GC it writes one line with the heap still in use, so the memory
 * run can tell a leak (live heap after full GCs keeps rising) from V8 merely letting its heap and
 * RSS grow between collections. It observes only: one small callback per GC, nothing on requests.
 */
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { GC_LINE_PREFIX } from './gc-line.ts';

type GcEntry = PerformanceEntry & { detail?: { kind?: number } };

const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as GcEntry).detail?.kind;
    if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    const heap = getHeapStatistics();
    process.stderr.write(
      `${GC_LINE_PREFIX}${JSON.stringify({ usedMb: heap.used_heap_size / 1048576, totalMb: heap.total_heap_size / 1048576, rssMb: process.memoryUsage.rss() / 1048576 })}\n`,
    );
  }
});
observer.observe({ entryTypes: ['gc'] });
