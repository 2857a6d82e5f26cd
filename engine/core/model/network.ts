/**
 * Staff networks within each site. A small world (Watts and Strogatz 1998): staff on a ring,
 * ordered so that a share of them (the homophily) sit among their own professional group, each
 * tied to the nearest `degree` others, then each tie rewired at random with the rewiring
 * probability. A random network is the same with every tie rewired, so it has the same density.
 * A complete network stores no ties: the practice step reads the site's totals instead. Sites
 * with no more staff than the degree are complete graphs.
 */
import type { State } from './state.ts';

export function buildNetwork(state: State): void {
  const net = state.scenario.community.network;
  const sites = state.sites;
  const staff = state.staff;
  const rng = state.streams.network;
  const degree = new Int32Array(staff.count);
  const from: number[] = [];
  const to: number[] = [];
  if (net.kind !== 'complete') {
    const rewiring = net.kind === 'random' ? 1 : net.rewiring;
    const G = state.siteGroups.groups;
    for (let s = 0; s < sites.count; s++) {
      const start = sites.staffStart[s];
      const n = sites.staffCount[s];
      if (n < 2) continue;
      if (n <= net.degree) {
        for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) { from.push(start + a); to.push(start + b); }
        continue;
      }
      // Ring order: a share `homophily` of staff placed by group, the rest anywhere.
      const key = new Float64Array(n);
      for (let k = 0; k < n; k++) key[k] = rng() < net.homophily ? staff.group[start + k] + rng() : rng() * G;
      const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => key[a] - key[b] || a - b);
      const edges = new Set<number>();
      const half = Math.floor(net.degree / 2);
      const edgeKey = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
      const pairs: Array<[number, number]> = [];
      for (let r = 0; r < n; r++) {
        for (let d = 1; d <= half; d++) {
          const a = order[r];
          const b = order[(r + d) % n];
          edges.add(edgeKey(a, b));
          pairs.push([a, b]);
        }
      }
      for (const pair of pairs) {
        if (rng() >= rewiring) continue;
        const [a, b] = pair;
        for (let attempt = 0; attempt < 8; attempt++) {
          const c = Math.floor(rng() * n);
          if (c === a || edges.has(edgeKey(a, c))) continue;
          edges.delete(edgeKey(a, b));
          edges.add(edgeKey(a, c));
          pair[1] = c;
          break;
        }
      }
      for (const [a, b] of pairs) {
        from.push(start + a);
        to.push(start + b);
      }
    }
  }
  for (let e = 0; e < from.length; e++) {
    degree[from[e]]++;
    degree[to[e]]++;
  }
  const startOf = staff.neighbourStart;
  startOf[0] = 0;
  for (let i = 0; i < staff.count; i++) startOf[i + 1] = startOf[i] + degree[i];
  const neighbours = new Int32Array(startOf[staff.count]);
  const fill = startOf.slice(0, staff.count);
  for (let e = 0; e < from.length; e++) {
    neighbours[fill[from[e]]++] = to[e];
    neighbours[fill[to[e]]++] = from[e];
  }
  staff.neighbours = neighbours;
}
