/**
 * Staff networks within each site. A small world (Watts and Strogatz 1998): staff on a ring,
 * ordered so that a share of them (the homophily) sit among their own professional group, each
 * tied to the nearest `degree` others, then each tie rewired at random with the rewiring
 * probability. A random network is the same with every tie rewired, so it has the same density.
 * A complete network stores no ties: the practice step reads the site's totals instead. Sites
 * with no more staff than the degree are complete graphs.
 */
import { StaffTrait, TRAIT_STRIDE, groupOf, type State } from './state.ts';

export function buildNetwork(state: State): void {
  const net = state.scenario.community.network;
  const sites = state.sites;
  const staff = state.staff;
  const degree = new Int32Array(staff.count);
  // Edges as two parallel lists of staff ids; each site adds at most staff x degree / 2.
  let capacity = 0;
  for (let s = 0; s < sites.count; s++) {
    const n = sites.staffCount[s];
    capacity += net.kind === 'complete' ? 0 : n <= net.degree ? (n * (n - 1)) / 2 : n * Math.floor(net.degree / 2);
  }
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  let edges = 0;
  if (net.kind !== 'complete') {
    const rewiring = net.kind === 'random' ? 1 : net.rewiring;
    for (let s = 0; s < sites.count; s++) edges = siteEdges(state, s, rewiring, from, to, edges);
  }
  for (let e = 0; e < edges; e++) {
    degree[from[e]]++;
    degree[to[e]]++;
  }
  const startOf = staff.neighbourStart;
  startOf[0] = 0;
  for (let i = 0; i < staff.count; i++) startOf[i + 1] = startOf[i] + degree[i];
  const neighbours = new Int32Array(startOf[staff.count]);
  const fill = startOf.slice(0, staff.count);
  for (let e = 0; e < edges; e++) {
    neighbours[fill[from[e]]++] = to[e];
    neighbours[fill[to[e]]++] = from[e];
  }
  staff.neighbours = neighbours;
  for (let i = 0; i < staff.count; i++) staff.traits[i * TRAIT_STRIDE + StaffTrait.inverseDegree] = degree[i] > 0 ? 1 / degree[i] : 0;
}

/** Add one site's ties to the edge lists; returns the new edge count. */
function siteEdges(state: State, s: number, rewiring: number, from: Int32Array, to: Int32Array, edges: number): number {
  const net = state.scenario.community.network;
  const rng = state.streams.network;
  const start = state.sites.staffStart[s];
  const n = state.sites.staffCount[s];
  if (n < 2) return edges;
  if (n <= net.degree) {
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        from[edges] = start + a;
        to[edges++] = start + b;
      }
    }
    return edges;
  }
  // Ring order: a share `homophily` of staff placed by group, the rest anywhere.
  const groups = state.siteGroups.groups;
  const key = new Float64Array(n);
  for (let k = 0; k < n; k++) key[k] = rng() < net.homophily ? groupOf(state.staff, start + k) + rng() : rng() * groups;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => key[a] - key[b] || a - b);
  const half = Math.floor(net.degree / 2);
  const first = edges;
  for (let r = 0; r < n; r++) {
    for (let d = 1; d <= half; d++) {
      from[edges] = order[r];
      to[edges++] = order[(r + d) % n];
    }
  }
  // Rewire: each tie keeps its first end and, with the rewiring probability, gets a new other
  // end chosen at random among staff it is not yet tied to (a few tries, else it stays).
  const tied = tiesOf(n);
  for (let e = first; e < edges; e++) tied.add(from[e], to[e]);
  for (let e = first; e < edges; e++) {
    if (rng() >= rewiring) continue;
    const a = from[e];
    for (let attempt = 0; attempt < 8; attempt++) {
      const c = Math.floor(rng() * n);
      if (c === a || tied.has(a, c)) continue;
      tied.delete(a, to[e]);
      tied.add(a, c);
      to[e] = c;
      break;
    }
  }
  for (let e = first; e < edges; e++) tied.delete(from[e], to[e]);
  for (let e = first; e < edges; e++) {
    from[e] += start;
    to[e] += start;
  }
  return edges;
}

/**
 * Which pairs of a site's staff are tied, while the site's ring is rewired. A bit per pair in a
 * scratch bit set reused from site to site (left empty after each: every tie set is deleted), so
 * checks are a shift and a mask, not a hash; sites too large for that (over 4,096 staff, a
 * 2 MB bit set) use a Set.
 */
interface Ties {
  has(a: number, b: number): boolean;
  add(a: number, b: number): void;
  delete(a: number, b: number): void;
}

const BITSET_MAX_STAFF = 4096;
let scratch = new Uint32Array(0);

function tiesOf(n: number): Ties {
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  if (n > BITSET_MAX_STAFF) {
    const set = new Set<number>();
    return { has: (a, b) => set.has(key(a, b)), add: (a, b) => void set.add(key(a, b)), delete: (a, b) => void set.delete(key(a, b)) };
  }
  const words = (n * n + 31) >>> 5;
  if (scratch.length < words) scratch = new Uint32Array(words);
  const bits = scratch;
  return {
    has: (a, b) => {
      const k = key(a, b);
      return (bits[k >>> 5] & (1 << (k & 31))) !== 0;
    },
    add: (a, b) => {
      const k = key(a, b);
      bits[k >>> 5] |= 1 << (k & 31);
    },
    delete: (a, b) => {
      const k = key(a, b);
      bits[k >>> 5] &= ~(1 << (k & 31));
    },
  };
}
