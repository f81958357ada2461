//! Weighted variants of path and clustering metrics, used when the user turns weights on.
//!
//! Paths follow networkx with `weight=` set to a *distance* of 1 / weight, so that a stronger
//! tie is a shorter step (the usual convention for "how often we work together" weights;
//! Opsahl et al. 2010 with α = 1). Ties with weight ≤ 0 or not finite carry no path.
//! Clustering is Onnela et al. (2005), as networkx `clustering(G, weight=…)` on the
//! undirected version.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::graph::Graph;
use super::metrics::{NODES_PER_PIECE, Sources, normalize_betweenness, source_list};
use crate::stats::par::{self, Threads};

/// Length of a tie of weight `w`: 1 / w, or `None` when `w` is not a positive number.
fn length(w: f64) -> Option<f64> {
    (w.is_finite() && w > 0.0).then(|| 1.0 / w)
}

/// A heap entry ordered by smallest distance first, then smallest node (deterministic).
#[derive(PartialEq)]
struct Item(f64, u32);

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then_with(|| other.1.cmp(&self.1))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Dijkstra from `s` over `next(v)` (neighbours and weights); fills `dist` (∞ = unreached)
/// and returns the nodes in the order they were settled.
fn dijkstra<'g>(
    n: usize,
    s: usize,
    next: impl Fn(usize) -> (&'g [u32], &'g [f64]),
    dist: &mut [f64],
    heap: &mut BinaryHeap<Item>,
) -> Vec<usize> {
    let mut settled = Vec::with_capacity(n.min(1024));
    dist[s] = 0.0;
    heap.push(Item(0.0, s as u32));
    while let Some(Item(d, v)) = heap.pop() {
        let v = v as usize;
        // Stale entry: a shorter distance was found after it was pushed. A node is pushed only
        // when its distance strictly drops, so the first entry with d == dist[v] is the only one.
        if d > dist[v] {
            continue;
        }
        settled.push(v);
        let (nbrs, ws) = next(v);
        for (k, &w) in nbrs.iter().enumerate() {
            let Some(len) = length(ws[k]) else { continue };
            let nd = d + len;
            if nd < dist[w as usize] {
                dist[w as usize] = nd;
                heap.push(Item(nd, w));
            }
        }
    }
    settled
}

/// networkx `betweenness_centrality(normalized=True, weight=distance)` with distance
/// 1 / weight (Brandes 2001 with Dijkstra), optionally from sampled sources. A node `v`
/// precedes `w` on a shortest path when `dist(v) + 1/w(v,w) == dist(w)` exactly, the same
/// floating-point test networkx makes. On up to `threads` threads: each piece of
/// [`SOURCES_PER_PIECE`] sources sums its dependencies in source order, and the pieces' sums
/// are added in piece order, so the scores are the same bits for any number of threads.
///
/// # Complexity
/// O(s · (m + n) log n) for s sources.
pub fn betweenness(g: &Graph, sources: Sources, threads: Threads) -> (Vec<f64>, usize) {
    let n = g.node_count();
    let src = source_list(n, sources);
    let pieces: Vec<&[usize]> = src.chunks(SOURCES_PER_PIECE).collect();
    let mut bc = vec![0f64; n];
    par::ordered(
        threads,
        pieces.len(),
        || Dependencies::new(n),
        |scratch, i| {
            let mut part = vec![0f64; n];
            for &s in pieces[i] {
                scratch.add_from(g, s, &mut part);
            }
            part
        },
        |_, part| {
            for (a, b) in bc.iter_mut().zip(&part) {
                *a += b;
            }
        },
    );
    normalize_betweenness(&mut bc, src.len());
    (bc, src.len())
}

/// Sources per piece of work of [`betweenness`].
const SOURCES_PER_PIECE: usize = 32;

/// One thread's working memory for the searches of [`betweenness`].
struct Dependencies {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    heap: BinaryHeap<Item>,
}

impl Dependencies {
    fn new(n: usize) -> Dependencies {
        Dependencies {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            heap: BinaryHeap::new(),
        }
    }

    /// Adds to `bc` the dependency of every node on the shortest paths from `s`.
    fn add_from(&mut self, g: &Graph, s: usize, bc: &mut [f64]) {
        let Dependencies { dist, sigma, delta, heap } = self;
        let is_pred = |dist: &[f64], v: usize, w: usize, wt: f64| -> bool {
            matches!(length(wt), Some(len) if dist[v].is_finite() && dist[v] + len == dist[w])
        };
        dist.iter_mut().for_each(|d| *d = f64::INFINITY);
        let order = dijkstra(g.node_count(), s, |v| (g.out(v), g.out_weights(v)), dist, heap);
        for &w in &order {
            sigma[w] = if w == s { 1.0 } else { 0.0 };
            delta[w] = 0.0;
            if w != s {
                for (k, &v) in g.inn(w).iter().enumerate() {
                    if is_pred(dist, v as usize, w, g.in_weights(w)[k]) {
                        sigma[w] += sigma[v as usize];
                    }
                }
            }
        }
        for &w in order.iter().rev() {
            if w == s {
                continue;
            }
            let coeff = (1.0 + delta[w]) / sigma[w];
            for (k, &v) in g.inn(w).iter().enumerate() {
                if is_pred(dist, v as usize, w, g.in_weights(w)[k]) {
                    delta[v as usize] += sigma[v as usize] * coeff;
                }
            }
            bc[w] += delta[w];
        }
    }
}

/// networkx `closeness_centrality(distance=…)` (incoming distances, Wasserman–Faust scaling)
/// and `harmonic_centrality(distance=…)` with distance 1 / weight, on up to `threads` threads
/// (each node's values come from its own search, so they are the same for any number).
///
/// # Complexity
/// O(n · (m + n) log n).
pub fn closeness_harmonic(g: &Graph, threads: Threads) -> (Vec<f64>, Vec<f64>) {
    let n = g.node_count();
    let pieces = par::ranges(n, NODES_PER_PIECE);
    let scratch = || (vec![f64::INFINITY; n], BinaryHeap::new());
    let parts = par::map(threads, pieces.len(), scratch, |(dist, heap), i| {
        pieces[i]
            .clone()
            .map(|u| {
                dist.iter_mut().for_each(|d| *d = f64::INFINITY);
                let reached = dijkstra(n, u, |v| (g.inn(v), g.in_weights(v)), dist, heap);
                let total: f64 = reached.iter().map(|v| dist[*v]).sum();
                let harmonic: f64 = reached.iter().filter(|v| **v != u).map(|v| 1.0 / dist[*v]).sum();
                let reach = reached.len() as f64;
                let closeness = if total > 0.0 && n > 1 {
                    (reach - 1.0) / total * ((reach - 1.0) / (n as f64 - 1.0))
                } else {
                    0.0
                };
                (closeness, harmonic)
            })
            .collect::<Vec<_>>()
    });
    parts.into_iter().flatten().unzip()
}

/// Weight of the undirected pair {u, v}: the larger of the two directed weights (they are
/// equal once symmetrized), 0 when neither tie exists.
pub fn pair_weight(g: &Graph, u: usize, v: usize) -> f64 {
    let find = |nbrs: &[u32], ws: &[f64]| nbrs.binary_search(&(v as u32)).map(|i| ws[i]).unwrap_or(0.0);
    find(g.out(u), g.out_weights(u)).max(find(g.inn(u), g.in_weights(u)))
}

/// networkx `clustering(G, weight=…)` on the undirected version (Onnela et al. 2005):
/// c(u) = 2 / (d(u)(d(u) − 1)) · Σ over triangles (ŵ_uv ŵ_uw ŵ_vw)^(1/3), with ŵ = w / max w.
/// 0 when d(u) < 2.
///
/// # Complexity
/// O(Σ deg² · log deg).
pub fn clustering(g: &Graph) -> Vec<f64> {
    let n = g.node_count();
    let max_w =
        (0..n).flat_map(|v| g.out_weights(v).iter().copied()).filter(|w| w.is_finite()).fold(0f64, f64::max);
    if max_w <= 0.0 {
        return vec![0.0; n];
    }
    (0..n)
        .map(|u| {
            let nu = g.und(u);
            let d = nu.len() as f64;
            if d < 2.0 {
                return 0.0;
            }
            let mut sum = 0.0;
            for (i, &v) in nu.iter().enumerate() {
                let wuv = pair_weight(g, u, v as usize) / max_w;
                for &w in &nu[i + 1..] {
                    if g.und(v as usize).binary_search(&w).is_ok() {
                        let wuw = pair_weight(g, u, w as usize) / max_w;
                        let wvw = pair_weight(g, v as usize, w as usize) / max_w;
                        sum += (wuv * wuw * wvw).max(0.0).cbrt();
                    }
                }
            }
            2.0 * sum / (d * (d - 1.0))
        })
        .collect()
}
