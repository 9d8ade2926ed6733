import type { SpanView } from './rows.ts';

export interface SpanNode extends SpanView {
  children: SpanNode[];
  /** True when the span names a parent that is not stored (it is shown at the root). */
  orphan: boolean;
}

const byStart = (a: SpanNode, b: SpanNode) => a.startUs - b.startUs || (a.spanId < b.spanId ? -1 : 1);

/**
 * Links spans by parent id. Roots are spans without a parent and orphans (parent never arrived);
 * a parent cycle (bad data) is broken by treating its members as roots. Children sorted by start.
 */
export function buildSpanTree(spans: readonly SpanView[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) nodes.set(span.spanId, { ...span, children: [], orphan: false });
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (node.parentId !== null && parent === undefined) node.orphan = true;
    if (parent === undefined || parent === node || inCycle(node, nodes)) roots.push(node);
    else parent.children.push(node);
  }
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

/** Whether following parent links from `node` comes back to it. */
function inCycle(node: SpanNode, nodes: ReadonlyMap<string, SpanNode>): boolean {
  const seen = new Set<string>([node.spanId]);
  let current = node.parentId === null ? undefined : nodes.get(node.parentId);
  while (current) {
    if (seen.has(current.spanId)) return current.spanId === node.spanId;
    seen.add(current.spanId);
    current = current.parentId === null ? undefined : nodes.get(current.parentId);
  }
  return false;
}
