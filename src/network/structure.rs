//! Further network measures: HITS, effective size, cut vertices, paths, assortativity, E-I
//! index and partition agreement (NMI, ARI). Each names the networkx (or R sna /
//! scikit-learn) function it matches. Gould–Fernandez brokerage is in `super::brokerage`.

use std::collections::{BTreeMap, HashMap};

use super::graph::Graph;
use crate::report::{Mixing, PathSummary};
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
}
