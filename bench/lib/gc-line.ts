/** The line prefix the GC probe (run inside Keel) writes and the bench reads back. */
export const GC_LINE_PREFIX = 'keel-bench-gc ';
