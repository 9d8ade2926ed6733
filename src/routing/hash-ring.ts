import { hash32 } from '../util/index.ts';

export interface RingMember {
  id: string;
  weight: number;
}

/**
 * Consistent-hash ring with virtual nodes. A member of average weight gets `virtualNodes` points;
 * others proportionally more or fewer (at least one while weight > 0, none at weight 0). Points
 * depend only on the member's id and its vnode count, so adding or removing a member of equal
 * weight moves only the keys that land on (or leave) that member: ~1/N of them.
 */
export class HashRing {
  readonly members: readonly string[];
  private readonly points: Uint32Array;
  private readonly owners: Uint32Array;

  constructor(members: readonly RingMember[], options: { virtualNodes?: number } = {}) {
    const virtualNodes = options.virtualNodes ?? 100;
    const live = members.filter((m) => m.weight > 0);
    const meanWeight = live.reduce((sum, m) => sum + m.weight, 0) / Math.max(1, live.length);
    const entries: Array<{ point: number; owner: number }> = [];
    live.forEach((member, owner) => {
      const count = Math.max(1, Math.round((virtualNodes * member.weight) / meanWeight));
      for (let v = 0; v < count; v++) entries.push({ point: hash32(`${member.id}#${v}`), owner });
    });
    // Ties (astronomically rare) are broken by owner so every process builds the same ring.
    entries.sort((a, b) => a.point - b.point || a.owner - b.owner);
    this.members = live.map((m) => m.id);
    this.points = Uint32Array.from(entries, (e) => e.point);
    this.owners = Uint32Array.from(entries, (e) => e.owner);
  }

  get size(): number {
    return this.points.length;
  }

  /** The member owning `key` (first point clockwise), or undefined for an empty ring. */
  lookup(key: string): string | undefined {
    if (this.points.length === 0) return undefined;
    return this.members[this.owners[this.startIndex(hash32(key))]!];
  }

  /**
   * Distinct member ids clockwise from `key`'s position: the owner first, then the members a key
   * would spill to. Stops early once `limit` members were found.
   */
  walk(key: string, limit = this.members.length): string[] {
    const out: string[] = [];
    const n = this.points.length;
    if (n === 0) return out;
    const seen = new Uint8Array(this.members.length);
    const start = this.startIndex(hash32(key));
    for (let step = 0; step < n && out.length < limit; step++) {
      const owner = this.owners[(start + step) % n]!;
      if (seen[owner] === 0) {
        seen[owner] = 1;
        out.push(this.members[owner]!);
      }
    }
    return out;
  }

  /** Index of the first point ≥ hash, wrapping to 0. */
  private startIndex(hash: number): number {
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.points.length ? 0 : lo;
  }
}
