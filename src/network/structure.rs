//! Further network measures: HITS, effective size, cut vertices, paths, assortativity, E-I
//! index, Gould–Fernandez brokerage and partition agreement (NMI, ARI). Each names the
//! networkx (or R sna / scikit-learn) function it matches.

use std::collections::{BTreeMap, HashMap};

use super::graph::Graph;
use crate::report::{Brokerage, Mixing, PathSummary};
use crate::rng::Rng;
use crate::stats::par::{self, Threads};
use crate::stats::{finite, pearson};

/// networkx `hits`: hub and authority scores (principal singular vectors of A by power
/// iteration, each normalized to sum 1). `None` without ties or without convergence.
pub fn hits(g: &Graph, tol: f64, max_iter: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = g.node_count();
    if g.edge_count() == 0 {
        return None;
    }
    let mut h = vec![1.0 / n as f64; n];
    let mut a = vec![0.0; n];
    for _ in 0..max_iter {
        for v in a.iter_mut() {
            *v = 0.0;
        }
        for v in 0..n {
            for &w in g.out(v) {
                a[w as usize] += h[v];
            }
        }
        let mut next: Vec<f64> = (0..n).map(|v| g.out(v).iter().map(|w| a[*w as usize]).sum()).collect();
        let m = next.iter().copied().fold(0.0, f64::max);
        if m == 0.0 {
            return None;
        }
        for x in next.iter_mut() {
            *x /= m;
        }
        let err: f64 = next.iter().zip(&h).map(|(p, q)| (p - q).abs()).sum();
        h = next;
        if err < tol {
            let (hs, as_): (f64, f64) = (h.iter().sum(), a.iter().sum());
            if hs == 0.0 || as_ == 0.0 {
                return None;
            }
            return Some((h.iter().map(|x| x / hs).collect(), a.iter().map(|x| x / as_).collect()));
        }
    }
    None
}

/// networkx `effective_size` on the undirected, unweighted version (Borgatti 1997):
/// n − 2t/n with n neighbours and t ties among them; `None` for isolates.
pub fn effective_size(g: &Graph) -> Vec<Option<f64>> {
    effective_size_from(g, &super::metrics::triangles(g))
}

/// [`effective_size`] from the triangles through each node ([`super::metrics::triangles`]):
/// the ties among v's neighbours are exactly the triangles through v, which clustering has
/// already counted.
pub fn effective_size_from(g: &Graph, triangles: &[usize]) -> Vec<Option<f64>> {
    (0..g.node_count())
        .map(|v| {
            let n = g.und(v).len() as f64;
            (n > 0.0).then(|| n - 2.0 * triangles[v] as f64 / n)
        })
        .collect()
}

/// Cut vertices of the undirected version (networkx `articulation_points`): organizations
/// whose removal splits their component. Iterative Hopcroft–Tarjan.
pub fn articulation_points(g: &Graph) -> Vec<bool> {
    SearchTree::new(g).cut_vertices()
}

/// One depth-first search of a graph's undirected version (Hopcroft–Tarjan): each node's
/// pre-order number, the end of its subtree in that order, its low point and its parent. The
/// cut vertices come from it, and so do the pieces a cut vertex's loss leaves
/// (`joint::cultivate`), without searching the graph again per node.
pub struct SearchTree {
    /// Pre-order number of each node.
    pub disc: Vec<usize>,
    /// One past the pre-order number of the last node of each node's subtree.
    pub end: Vec<usize>,
    /// Smallest pre-order number reached from the node's subtree by one tie that is not a
    /// tree tie to its parent.
    pub low: Vec<usize>,
    /// Parent in the tree (`usize::MAX` for each component's root, its smallest node).
    pub parent: Vec<usize>,
}

impl SearchTree {
    /// Searches each component from its smallest node, neighbours in list order.
    pub fn new(g: &Graph) -> SearchTree {
        let n = g.node_count();
        let mut t = SearchTree {
            disc: vec![usize::MAX; n],
            end: vec![0; n],
            low: vec![0; n],
            parent: vec![usize::MAX; n],
        };
        let mut time = 0;
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if t.disc[root] != usize::MAX {
                continue;
            }
            t.disc[root] = time;
            t.low[root] = time;
            time += 1;
            stack.push((root, 0));
            while let Some(&mut (v, ref mut i)) = stack.last_mut() {
                if let Some(&w) = g.und(v).get(*i) {
                    *i += 1;
                    let w = w as usize;
                    if t.disc[w] == usize::MAX {
                        (t.disc[w], t.low[w], t.parent[w]) = (time, time, v);
                        time += 1;
                        stack.push((w, 0));
                    } else if w != t.parent[v] {
                        t.low[v] = t.low[v].min(t.disc[w]);
                    }
                } else {
                    stack.pop();
                    t.end[v] = time;
                    if let Some(&(p, _)) = stack.last() {
                        t.low[p] = t.low[p].min(t.low[v]);
                    }
                }
            }
        }
        t
    }

    /// Cut vertices: a root with two children or more; another node with a child whose
    /// subtree reaches nothing above it.
    pub fn cut_vertices(&self) -> Vec<bool> {
        let mut cut = vec![false; self.disc.len()];
        let mut root_children = vec![0usize; self.disc.len()];
        for (c, &p) in self.parent.iter().enumerate() {
            if p == usize::MAX {
                continue;
            }
            if self.parent[p] == usize::MAX {
                root_children[p] += 1;
            } else if self.low[c] >= self.disc[p] {
                cut[p] = true;
            }
        }
        for (v, children) in root_children.into_iter().enumerate() {
            cut[v] |= children > 1;
        }
        cut
    }
}

/// Diameter and average path length of the largest weak component: exact up to `exact_max`
/// nodes, else from `samples` seeded random sources. `None` for components below two nodes.
///
/// The breadth-first searches run 64 sources at a time (each node holds a bit mask of the
/// sources that reached it, as in `metrics::brandes`), in batches on up to `threads`
/// threads; every sum is an integer, so the result is the same for any number of threads and
/// the same as one search per source.
pub fn paths(
    g: &Graph,
    component: &[usize],
    (exact_max, samples, seed): (usize, usize, u64),
    threads: Threads,
) -> Option<PathSummary> {
    let k = component.iter().copied().max()? + 1;
    let mut size = vec![0usize; k];
    for &c in component {
        size[c] += 1;
    }
    let (big, &m) = size.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    if m < 2 {
        return None;
    }
    let mut nodes: Vec<usize> = (0..g.node_count()).filter(|v| component[*v] == big).collect();
    let sampled = m > exact_max;
    if sampled {
        Rng::new(seed).shuffle(&mut nodes);
        nodes.truncate(samples);
    }
    let mut all = Distances::default();
    par::ordered(
        threads,
        nodes.len().div_ceil(64),
        || batch_scratch(g),
        |scratch, i| distances_from(g, &nodes[i * 64..((i + 1) * 64).min(nodes.len())], scratch),
        |_, d| {
            all.total += d.total;
            all.pairs += d.pairs;
            all.diameter = all.diameter.max(d.diameter);
        },
    );
    Some(PathSummary {
        diameter: all.diameter,
        average_path_length: finite(all.total as f64 / all.pairs.max(1) as f64)?,
        component_nodes: m,
        sources: nodes.len(),
        sampled,
    })
}

/// Sums of the distances found by [`distances_from`].
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Distances {
    /// Σ d(s, t) over the pairs s ≠ t with t reached from s.
    total: u64,
    /// Number of those pairs.
    pairs: u64,
    /// Largest d(s, t).
    diameter: usize,
}

/// Sums of the distances from up to 64 `sources` at once ([`search_batch`]).
fn distances_from(g: &Graph, sources: &[usize], scratch: &mut BatchScratch) -> Distances {
    let mut out = Distances::default();
    search_batch(g, sources, scratch, |_, reached, d| {
        let count = u64::from(reached.count_ones());
        out.total += u64::from(d) * count;
        out.pairs += count;
        out.diameter = out.diameter.max(d as usize);
    });
    out
}

/// Per node, the sources of a [`search_batch`] that have reached it, reach it at the current
/// level, and at the next one (all zero, and left zero). Each is `node_count` long.
pub(crate) type BatchScratch = (Vec<u64>, Vec<u64>, Vec<u64>);

/// Zeroed scratch for [`search_batch`] on `g`.
pub(crate) fn batch_scratch(g: &Graph) -> BatchScratch {
    let n = g.node_count();
    (vec![0u64; n], vec![0u64; n], vec![0u64; n])
}

/// Breadth-first searches over the undirected ties from up to 64 `sources` at once, level by
/// level (multi-source BFS, as in `metrics::brandes`): an edge is scanned once per level for
/// the whole batch. `reached(w, bits, d)` is called once per node `w` and distance `d ≥ 1`
/// with the sources (bit `b` for `sources[b]`) whose search first reaches `w` at `d`; the
/// sources themselves (distance 0) are not reported.
pub(crate) fn search_batch(
    g: &Graph,
    sources: &[usize],
    (seen, front, next): &mut BatchScratch,
    mut reached: impl FnMut(usize, u64, u32),
) {
    debug_assert!(sources.len() <= 64);
    let mut current: Vec<u32> = Vec::new();
    for (b, &s) in sources.iter().enumerate() {
        if front[s] == 0 {
            current.push(s as u32);
        }
        front[s] |= 1 << b;
        seen[s] |= 1 << b;
    }
    let mut touched = current.clone();
    let mut d = 0u32;
    while !current.is_empty() {
        let mut found: Vec<u32> = Vec::new();
        for &v in &current {
            let fv = front[v as usize];
            for &w in g.und(v as usize) {
                let new = fv & !seen[w as usize];
                if new != 0 {
                    if next[w as usize] == 0 {
                        found.push(w);
                    }
                    next[w as usize] |= new;
                }
            }
        }
        for &v in &current {
            front[v as usize] = 0;
        }
        d += 1;
        for &w in &found {
            let w = w as usize;
            seen[w] |= next[w];
            front[w] = next[w];
            next[w] = 0;
            reached(w, front[w], d);
        }
        touched.extend_from_slice(&found);
        current = found;
    }
    for v in touched {
        seen[v as usize] = 0;
    }
}

/// networkx `degree_assortativity_coefficient` for a directed graph (x = out-degree of the
/// source, y = in-degree of the target, Pearson over ties).
pub fn degree_assortativity(g: &Graph) -> Option<f64> {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for v in 0..g.node_count() {
        for &w in g.out(v) {
            xs.push(g.out(v).len() as f64);
            ys.push(g.inn(w as usize).len() as f64);
        }
    }
    pearson(&xs, &ys)
}

/// Mixing of ties over `groups` (one value per node, `None` when unknown).
pub fn mixing(g: &Graph, attribute: &str, groups: &[Option<String>], community: &[usize]) -> Mixing {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for s in groups.iter().flatten() {
        let next = index.len();
        index.entry(s.as_str()).or_insert(next);
    }
    let k = index.len();
    // Each node's group found once: looking the name up for both ends of every tie hashed
    // two strings per tie (100,000/1,000,000: most of a second per attribute).
    let ids: Vec<Option<usize>> = (0..g.node_count())
        .map(|v| groups.get(v).and_then(|s| s.as_deref()).and_then(|s| index.get(s)).copied())
        .collect();
    let id = |v: usize| ids[v];
    let mut e = vec![vec![0f64; k]; k];
    let (mut internal, mut external, mut ties) = (0usize, 0usize, 0usize);
    for v in 0..g.node_count() {
        for &w in g.out(v) {
            if let (Some(a), Some(b)) = (id(v), id(w as usize)) {
                e[a][b] += 1.0;
                ties += 1;
                if a == b {
                    internal += 1;
                } else {
                    external += 1;
                }
            }
        }
    }
    let assortativity = if ties == 0 || k < 2 {
        None
    } else {
        let total = ties as f64;
        let trace: f64 = (0..k).map(|i| e[i][i] / total).sum();
        let ab: f64 = (0..k)
            .map(|i| (e[i].iter().sum::<f64>() / total) * ((0..k).map(|j| e[j][i]).sum::<f64>() / total))
            .sum();
        if (1.0 - ab).abs() < 1e-15 { None } else { finite((trace - ab) / (1.0 - ab)) }
    };
    let ei_index = if ties == 0 { None } else { finite((external as f64 - internal as f64) / ties as f64) };
    let known: Vec<(usize, usize)> =
        (0..g.node_count()).filter_map(|v| Some((id(v)?, community[v]))).collect();
    let (nmi, ari) = partition_agreement(&known);
    let mut names = vec![String::new(); k];
    for (name, i) in &index {
        names[*i] = name.to_string();
    }
    let matrix = e.iter().map(|row| row.iter().map(|x| *x as usize).collect()).collect();
    Mixing {
        attribute: attribute.to_string(),
        ties,
        assortativity,
        ei_index,
        nmi,
        ari,
        groups: names,
        matrix,
    }
}

/// NMI (arithmetic normalization) and ARI of two labelings given as pairs.
pub fn partition_agreement(pairs: &[(usize, usize)]) -> (Option<f64>, Option<f64>) {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return (None, None);
    }
    // Ordered maps: summing in a fixed order keeps results bit-identical from run to run.
    let mut joint: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut a: BTreeMap<usize, f64> = BTreeMap::new();
    let mut b: BTreeMap<usize, f64> = BTreeMap::new();
    for &(x, y) in pairs {
        *joint.entry((x, y)).or_insert(0.0) += 1.0;
        *a.entry(x).or_insert(0.0) += 1.0;
        *b.entry(y).or_insert(0.0) += 1.0;
    }
    let h = |m: &BTreeMap<usize, f64>| -> f64 { m.values().map(|c| c / n).map(|p| -p * p.ln()).sum() };
    let (ha, hb) = (h(&a), h(&b));
    let mi: f64 = joint.iter().map(|((x, y), c)| (c / n) * ((c * n) / (a[x] * b[y])).ln()).sum();
    let nmi = if ha + hb == 0.0 { Some(1.0) } else { finite(mi / ((ha + hb) / 2.0)) };
    let comb = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = joint.values().map(|c| comb(*c)).sum();
    let sa: f64 = a.values().map(|c| comb(*c)).sum();
    let sb: f64 = b.values().map(|c| comb(*c)).sum();
    let expected = sa * sb / comb(n);
    let max = (sa + sb) / 2.0;
    let ari =
        if (max - expected).abs() < 1e-15 { None } else { finite((index - expected) / (max - expected)) };
    (nmi, ari)
}

/// Counts each node's brokerage roles over open two-paths a → v → b (a ≠ b, no tie a → b),
/// using only paths whose three groups are known.
pub fn brokerage(g: &Graph, groups: &[Option<String>]) -> Vec<Brokerage> {
    // Groups as numbers, found once: the roles compare groups many times per node.
    let mut index: HashMap<&str, u32> = HashMap::new();
    let codes: Vec<Option<u32>> = (0..g.node_count())
        .map(|v| {
            let s = groups.get(v)?.as_deref()?;
            let next = index.len() as u32;
            Some(*index.entry(s).or_insert(next))
        })
        .collect();
    brokerage_of_codes(g, &codes)
}

/// [`brokerage`] with the groups as codes: equal codes are one group, `None` (or a node past
/// the end of `codes`) an unknown group.
///
/// The two-paths are not walked one by one (Σ in(v)·out(v) of them: 72 million at
/// 100,000 / 1,000,000). A node's pairs (a, b) of a known in- and out-neighbour follow, by
/// role, from how many in- and out-neighbours each group has ([`pair_counts`]); the pairs
/// that are not open two-paths are then taken off: a = b, a reciprocated tie, and a → b, a
/// closed triad, found once per triangle ([`subtract_closed`]).
pub fn brokerage_of_codes(g: &Graph, codes: &[Option<u32>]) -> Vec<Brokerage> {
    let codes = dense_codes(g.node_count(), codes);
    let mut roles = pair_counts(g, &codes);
    subtract_closed(g, &codes, &mut roles);
    roles
}

/// A node whose group is not known, in [`dense_codes`]' codes.
const UNKNOWN: u32 = u32::MAX;

/// Each node's group as a number below the node count (so a count per group fits a list), or
/// [`UNKNOWN`]. Codes already below the node count are kept; others are renumbered.
fn dense_codes(n: usize, codes: &[Option<u32>]) -> Vec<u32> {
    let code = |v: usize| codes.get(v).copied().flatten();
    if (0..n).all(|v| code(v).is_none_or(|c| (c as usize) < n)) {
        return (0..n).map(|v| code(v).unwrap_or(UNKNOWN)).collect();
    }
    let mut index: HashMap<u32, u32> = HashMap::new();
    (0..n)
        .map(|v| {
            code(v).map_or(UNKNOWN, |c| {
                let next = index.len() as u32;
                *index.entry(c).or_insert(next)
            })
        })
        .collect()
}

/// Each node's pairs (a, b) — a an in-neighbour, b an out-neighbour, all three groups known —
/// by role, less the pairs a = b. O(n + m): a count per group of v's in-neighbours gives, for
/// each out-neighbour b, how many a share b's group (the itinerant pairs, and the liaison
/// pairs by difference); the other roles are products of totals.
fn pair_counts(g: &Graph, codes: &[u32]) -> Vec<Brokerage> {
    let groups = codes.iter().filter(|&&c| c != UNKNOWN).max().map_or(0, |&c| c as usize + 1);
    // Zero again after each node (its in-list resets what it set): no clearing per node.
    let mut in_group = vec![0usize; groups];
    (0..g.node_count())
        .map(|v| {
            let gv = codes[v];
            if gv == UNKNOWN {
                return Brokerage::default();
            }
            let mut ins = 0;
            for &a in g.inn(v) {
                let ga = codes[a as usize];
                if ga != UNKNOWN {
                    in_group[ga as usize] += 1;
                    ins += 1;
                }
            }
            let (mut outs_same, mut outs_other, mut itinerant) = (0, 0, 0);
            for &b in g.out(v) {
                match codes[b as usize] {
                    UNKNOWN => {}
                    gb if gb == gv => outs_same += 1,
                    gb => {
                        outs_other += 1;
                        itinerant += in_group[gb as usize];
                    }
                }
            }
            let ins_same = in_group[gv as usize];
            let ins_other = ins - ins_same;
            for &a in g.inn(v) {
                let ga = codes[a as usize];
                if ga != UNKNOWN {
                    in_group[ga as usize] = 0;
                }
            }
            let mut r = Brokerage {
                coordinator: ins_same * outs_same,
                itinerant,
                gatekeeper: ins_other * outs_same,
                representative: ins_same * outs_other,
                liaison: ins_other * outs_other - itinerant,
            };
            subtract_reciprocated(g, codes, v, &mut r);
            r
        })
        .collect()
}

/// Takes off v's pairs a = b: in- and out-neighbour at once (both lists are sorted, so one
/// merge). Such a pair's ends share a group: coordinator or itinerant.
fn subtract_reciprocated(g: &Graph, codes: &[u32], v: usize, r: &mut Brokerage) {
    let (ins, outs) = (g.inn(v), g.out(v));
    // The undirected list is the union of the two: equal lengths, no tie both ways.
    if g.und(v).len() == ins.len() + outs.len() {
        return;
    }
    let (mut i, mut j) = (0, 0);
    while let (Some(&a), Some(&b)) = (ins.get(i), outs.get(j)) {
        i += usize::from(a <= b);
        j += usize::from(b <= a);
        if a == b && codes[a as usize] != UNKNOWN {
            let ga = codes[a as usize];
            *role(r, ga, codes[v], ga) -= 1;
        }
    }
}

/// Which of v's counts a two-path a → v → b adds to, by its three (known) groups.
fn role(r: &mut Brokerage, ga: u32, gv: u32, gb: u32) -> &mut usize {
    match (ga == gv, gv == gb, ga == gb) {
        (true, true, _) => &mut r.coordinator,
        (false, false, true) => &mut r.itinerant,
        (false, true, _) => &mut r.gatekeeper,
        (true, false, _) => &mut r.representative,
        (false, false, false) => &mut r.liaison,
    }
}

/// Takes off the closed pairs: a → v → b with a tie a → b. Its three nodes are a triangle of
/// the undirected graph, so the triangles among nodes of known group are listed, each once,
/// and each of their up to six closed pairs taken off its broker's count. Each node looks only
/// at neighbours ranked above it by degree ([`forward_lists`]): no hub's long list is scanned
/// from each of its neighbours, so 15 million steps at 100,000 / 1,000,000 against Σ out(a)²,
/// 73 million, for scanning each in-neighbour's out-list.
fn subtract_closed(g: &Graph, codes: &[u32], roles: &mut [Brokerage]) {
    let Forward { order, off, adj, dir } = forward_lists(g, codes);
    // `mark[t]`: the directions of r's tie to t while r's triangles are listed, else 0.
    let mut mark = vec![0u8; order.len()];
    for r in 0..order.len() {
        let ups = off[r]..off[r + 1];
        for i in ups.clone() {
            mark[adj[i] as usize] = dir[i];
        }
        for i in ups.clone() {
            let s = adj[i] as usize;
            let (from, to) = (off[s], off[s + 1]);
            // The hot loop (15 million steps): a slice, so no bounds checks on `adj`.
            for (j, &t) in adj[from..to].iter().enumerate() {
                let t = t as usize;
                if mark[t] != 0 {
                    let nodes = [order[r], order[s], order[t]].map(|v| v as usize);
                    subtract_triangle(nodes, [dir[i], mark[t], dir[from + j]], codes, roles);
                }
            }
        }
        for i in ups {
            mark[adj[i] as usize] = 0;
        }
    }
}

/// A tie's directions seen from the node whose list holds it: out, in or both.
const OUT: u8 = 1;
const IN: u8 = 2;

/// The nodes of known group ranked by degree, each with its neighbours ranked above it.
struct Forward {
    /// The nodes by rank: fewest undirected ties first, then by number.
    order: Vec<u32>,
    /// CSR by rank: rank r's neighbours are `adj[off[r]..off[r + 1]]`, as ranks.
    off: Vec<usize>,
    adj: Vec<u32>,
    /// Each tie's directions ([`OUT`] | [`IN`]), beside `adj`.
    dir: Vec<u8>,
}

/// Ranks the nodes of known group and lists each one's higher-ranked neighbours. Numbered by
/// rank, the lists of the high-degree nodes, read most often, sit together in memory.
fn forward_lists(g: &Graph, codes: &[u32]) -> Forward {
    let n = g.node_count();
    let mut order: Vec<u32> = (0..n as u32).filter(|&v| codes[v as usize] != UNKNOWN).collect();
    order.sort_unstable_by_key(|&v| (g.und(v as usize).len(), v));
    let mut rank = vec![u32::MAX; n];
    for (r, &v) in order.iter().enumerate() {
        rank[v as usize] = r as u32;
    }
    let mut off = Vec::with_capacity(order.len() + 1);
    off.push(0);
    let (mut adj, mut dir) = (Vec::new(), Vec::new());
    for (r, &u) in order.iter().enumerate() {
        // The undirected list is the sorted union of the out- and in-lists: one merge.
        let (outs, ins) = (g.out(u as usize), g.inn(u as usize));
        let (mut i, mut j) = (0, 0);
        for &w in g.und(u as usize) {
            let d =
                if outs.get(i) == Some(&w) { OUT } else { 0 } | if ins.get(j) == Some(&w) { IN } else { 0 };
            i += usize::from(d & OUT != 0);
            j += usize::from(d & IN != 0);
            // Unknown groups have rank u32::MAX: left out with the lower-ranked.
            let rw = rank[w as usize];
            if rw != u32::MAX && rw as usize > r {
                adj.push(rw);
                dir.push(d);
            }
        }
        off.push(adj.len());
    }
    Forward { order, off, adj, dir }
}

/// Takes off a triangle's closed pairs: for each node x as broker and each order (a, b) of
/// the other two, a → x → b with a → b. `d` holds the ties' directions seen from the first
/// node named: t0–t1, t0–t2, t1–t2.
fn subtract_triangle(t: [usize; 3], d: [u8; 3], codes: &[u32], roles: &mut [Brokerage]) {
    // The tie i → j: pair (0, 1) is d[0], (0, 2) d[1], (1, 2) d[2].
    let tie = |i: usize, j: usize| d[i + j - 1] & if i < j { OUT } else { IN } != 0;
    for x in 0..3 {
        let (y, z) = ((x + 1) % 3, (x + 2) % 3);
        for (a, b) in [(y, z), (z, y)] {
            if tie(a, x) && tie(x, b) && tie(a, b) {
                let (ga, gx, gb) = (codes[t[a]], codes[t[x]], codes[t[b]]);
                *role(&mut roles[t[x]], ga, gx, gb) -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    fn und(n: usize, e: &[(u32, u32)]) -> Graph {
        let e: Vec<(u32, u32, f64)> = e.iter().flat_map(|(a, b)| [(*a, *b, 1.0), (*b, *a, 1.0)]).collect();
        Graph::from_edges(n, &e)
    }

    #[test]
    fn hits_on_a_fan() {
        // 0 → 1, 0 → 2: node 0 is the only hub; 1 and 2 share the authority.
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (0, 2, 1.0)]);
        let (h, a) = hits(&g, 1e-12, 1000).unwrap();
        assert!((h[0] - 1.0).abs() < 1e-12 && (a[1] - 0.5).abs() < 1e-12 && a[0] == 0.0);
    }

    #[test]
    fn effective_size_and_cut_vertices() {
        // Star centre with 3 leaves: 3; a triangle node: 2 − 2·1/2 = 1.
        let star = und(4, &[(0, 1), (0, 2), (0, 3)]);
        assert_eq!(effective_size(&star)[0], Some(3.0));
        let tri = und(4, &[(0, 1), (1, 2), (0, 2)]);
        assert_eq!(effective_size(&tri)[0], Some(1.0));
        assert_eq!(effective_size(&tri)[3], None);
        assert_eq!(articulation_points(&star), vec![true, false, false, false]);
        // A path 0-1-2-3: 1 and 2 are cut vertices; the triangle has none.
        assert_eq!(articulation_points(&und(4, &[(0, 1), (1, 2), (2, 3)])), vec![false, true, true, false]);
        assert_eq!(articulation_points(&tri), vec![false; 4]);
    }

    #[test]
    fn paths_of_a_path_graph() {
        // 0-1-2-3: ordered-pair distances sum to 2·(1+2+3+1+2+1) = 20 over 12 pairs.
        let g = und(4, &[(0, 1), (1, 2), (2, 3)]);
        let p = paths(&g, &[0, 0, 0, 0], (100, 10, 1), Threads::ONE).unwrap();
        assert_eq!(p.diameter, 3);
        assert!((p.average_path_length - 20.0 / 12.0).abs() < 1e-12);
        assert!(!p.sampled);
    }

    /// One plain breadth-first search per source: (Σ distances, pairs, diameter).
    fn one_search_per_source(g: &Graph, sources: &[usize]) -> (u64, u64, usize) {
        let (mut total, mut pairs, mut diameter) = (0u64, 0u64, 0usize);
        for &s in sources {
            let mut dist = vec![u32::MAX; g.node_count()];
            dist[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &w in g.und(v) {
                    if dist[w as usize] == u32::MAX {
                        dist[w as usize] = dist[v] + 1;
                        total += u64::from(dist[w as usize]);
                        pairs += 1;
                        diameter = diameter.max(dist[w as usize] as usize);
                        queue.push_back(w as usize);
                    }
                }
            }
        }
        (total, pairs, diameter)
    }

    #[test]
    fn batched_searches_give_the_distances_of_one_search_per_source() {
        // Two block models side by side (the smaller never reached), 64 sources at a time.
        for (n, m, seed) in [(300usize, 900usize, 1u64), (150, 160, 2), (5, 4, 3)] {
            let mut edges = crate::network::generate::block_model(n, m, 4, seed);
            let k = (n / 5) as u32;
            edges.extend(
                crate::network::generate::block_model(k as usize, m / 5, 2, seed)
                    .iter()
                    .map(|&(a, b, w)| (a + n as u32, b + n as u32, w)),
            );
            let g = Graph::from_edges(n + k as usize, &edges);
            let comp = crate::network::metrics::weak_components(&g);
            for (exact_max, samples) in [(10_000, 0), (50, 70), (50, 64), (50, 1)] {
                let Some(p) = paths(&g, &comp, (exact_max, samples, 7), Threads::ONE) else { continue };
                // The sources as `paths` picks them.
                let mut size = vec![0usize; comp.iter().max().unwrap() + 1];
                comp.iter().for_each(|&c| size[c] += 1);
                let big = (0..size.len()).max_by(|a, b| size[*a].cmp(&size[*b]).then(b.cmp(a))).unwrap();
                let mut nodes: Vec<usize> = (0..g.node_count()).filter(|v| comp[*v] == big).collect();
                if p.sampled {
                    Rng::new(7).shuffle(&mut nodes);
                    nodes.truncate(samples);
                }
                let (total, pairs, diameter) = one_search_per_source(&g, &nodes);
                assert_eq!((p.diameter, p.sources), (diameter, nodes.len()));
                assert_eq!(p.average_path_length, total as f64 / pairs as f64);
            }
        }
    }

    #[test]
    fn mixing_and_agreement_by_hand() {
        // Two groups, ties only within groups: assortativity 1, E-I −1; communities = groups.
        let g = und(4, &[(0, 1), (2, 3)]);
        let groups = vec![Some("x".into()), Some("x".into()), Some("y".into()), Some("y".into())];
        let m = mixing(&g, "g", &groups, &[0, 0, 1, 1]);
        assert_eq!(m.ties, 4);
        assert!((m.assortativity.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(m.ei_index, Some(-1.0));
        assert!((m.nmi.unwrap() - 1.0).abs() < 1e-12 && (m.ari.unwrap() - 1.0).abs() < 1e-12);
        // ARI of an unrelated split of 4 nodes: labels (0,0,1,1) vs (0,1,0,1) → −0.5.
        let (_, ari) = partition_agreement(&[(0, 0), (0, 1), (1, 0), (1, 1)]);
        assert!((ari.unwrap() + 0.5).abs() < 1e-12);
    }

    #[test]
    fn brokerage_roles() {
        // a → v → b with no a → b tie; groups decide the role.
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        let role =
            |a: &str, v: &str, b: &str| brokerage(&g, &[Some(a.into()), Some(v.into()), Some(b.into())])[1];
        assert_eq!(role("x", "x", "x").coordinator, 1);
        assert_eq!(role("x", "y", "x").itinerant, 1);
        assert_eq!(role("x", "y", "y").gatekeeper, 1);
        assert_eq!(role("x", "x", "y").representative, 1);
        assert_eq!(role("x", "y", "z").liaison, 1);
        let closed = Graph::from_edges(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]);
        assert_eq!(
            brokerage(&closed, &[Some("x".into()), Some("y".into()), Some("z".into())])[1],
            Brokerage::default()
        );
    }

    /// The counting before session 30, kept as the oracle: each two-path a → v → b walked,
    /// with a's ties marked.
    fn brokerage_by_two_paths(g: &Graph, groups: &[Option<String>]) -> Vec<Brokerage> {
        let mut index: HashMap<&str, u32> = HashMap::new();
        let ids: Vec<Option<u32>> = (0..g.node_count())
            .map(|v| {
                let s = groups.get(v)?.as_deref()?;
                let next = index.len() as u32;
                Some(*index.entry(s).or_insert(next))
            })
            .collect();
        let mut tied = vec![0u32; g.node_count()];
        let mut stamp = 0u32;
        (0..g.node_count())
            .map(|v| {
                let mut r = Brokerage::default();
                let Some(gv) = ids[v] else { return r };
                for &a in g.inn(v) {
                    let a = a as usize;
                    let Some(ga) = ids[a] else { continue };
                    stamp += 1;
                    for &b in g.out(a) {
                        tied[b as usize] = stamp;
                    }
                    for &b in g.out(v) {
                        let b = b as usize;
                        if b == a || tied[b] == stamp {
                            continue;
                        }
                        let Some(gb) = ids[b] else { continue };
                        match (ga == gv, gv == gb, ga == gb) {
                            (true, true, _) => r.coordinator += 1,
                            (false, false, true) => r.itinerant += 1,
                            (false, true, _) => r.gatekeeper += 1,
                            (true, false, _) => r.representative += 1,
                            (false, false, false) => r.liaison += 1,
                        }
                    }
                }
                r
            })
            .collect()
    }

    /// A random directed graph for the brokerage oracle: repeats, self-loops and ties both
    /// ways; closed triads added on purpose; some nodes isolated (no tie reaches the last
    /// ones); on even seeds a hub tied to most nodes; groups from one to `k`, some unknown, and
    /// sometimes fewer group entries than nodes.
    fn random_brokerage_case(seed: u64, n_max: usize) -> (Graph, Vec<Option<String>>) {
        let mut rng = Rng::new(seed);
        let n = 1 + rng.below(n_max);
        let active = 1 + rng.below(n);
        let mut e: Vec<(u32, u32, f64)> = Vec::new();
        let tie = |a: usize, b: usize| (a as u32, b as u32, 1.0);
        let (m, both) = (rng.below(4 * active + 1), rng.f64() * 0.5);
        for _ in 0..m {
            let (a, b) = (rng.below(active), rng.below(active));
            e.push(tie(a, b));
            if rng.f64() < both {
                e.push(tie(b, a));
            }
        }
        if seed.is_multiple_of(2) {
            let hub = rng.below(active);
            for v in 0..active {
                if rng.f64() < 0.8 {
                    e.push(tie(hub, v));
                }
                if rng.f64() < 0.5 {
                    e.push(tie(v, hub));
                }
            }
        }
        // Close some two-paths a → v → b with a → b.
        let open = Graph::from_edges(n, &e);
        for _ in 0..rng.below(2 * active + 1) {
            let a = rng.below(active);
            let Some(&v) = open.out(a).get(rng.below(open.out(a).len().max(1))) else { continue };
            let outs = open.out(v as usize);
            if let Some(&b) = outs.get(rng.below(outs.len().max(1))) {
                e.push(tie(a, b as usize));
            }
        }
        let k = if seed.is_multiple_of(5) { 1 } else { 1 + rng.below(8) };
        let unknown = if seed.is_multiple_of(3) { 0.0 } else { rng.f64() * 0.4 };
        let known = if seed.is_multiple_of(7) { rng.below(n + 1) } else { n };
        let groups =
            (0..known).map(|_| (rng.f64() >= unknown).then(|| format!("g{}", rng.below(k)))).collect();
        (Graph::from_edges(n, &e), groups)
    }

    #[test]
    fn brokerage_counts_equal_the_two_paths_walked() {
        for seed in 0..600 {
            let (g, groups) = random_brokerage_case(seed, if seed < 500 { 40 } else { 1500 });
            assert_eq!(brokerage(&g, &groups), brokerage_by_two_paths(&g, &groups), "seed {seed}");
        }
    }

    #[test]
    fn brokerage_of_any_codes() {
        // Codes far above the node count are renumbered; a shorter list leaves the rest unknown.
        for seed in 0..100 {
            let (g, mut groups) = random_brokerage_case(seed, 60);
            let codes: Vec<Option<u32>> = groups
                .iter()
                .map(|s| s.as_ref().and_then(|s| s[1..].parse::<u32>().ok()).map(|c| u32::MAX - 1 - c * 7919))
                .collect();
            assert_eq!(brokerage_of_codes(&g, &codes), brokerage(&g, &groups), "seed {seed}");
            let short = codes.len() / 2;
            groups.truncate(short);
            assert_eq!(brokerage_of_codes(&g, &codes[..short]), brokerage(&g, &groups), "seed {seed}");
        }
    }
}
