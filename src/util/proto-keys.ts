/**
 * Paths of every own `__proto__` key in a parsed document (JSON.parse and the yaml library keep
 * such a key as an ordinary own member). zod's records build plain objects and skip that key, so a
 * model, provider, policy or header named `__proto__` would vanish without an error: loaders call
 * this first and refuse it. A value can be shared (or cycle back, through YAML aliases): each
 * object is visited once.
 */
export function protoKeyPaths(value: unknown): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [];
  const seen = new Set<object>();
  const visit = (node: unknown, path: Array<string | number>): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === '__proto__') found.push([...path, key]);
      // An own `__proto__` shadows the accessor: indexing reads the member itself.
      visit((node as Record<string, unknown>)[key], [...path, key]);
    }
  };
  visit(value, []);
  return found;
}
