//! Community detection (Louvain) and modularity on the undirected version of a graph.
//!
//! Louvain (Blondel et al. 2008): local moves that increase modularity, then aggregation of
//! communities into nodes, repeated until no move helps. Node order is a seeded shuffle, so
//! results are deterministic for a seed.

use super::graph::Graph;
use crate::rng::Rng;

/// networkx `modularity(G, communities, resolution)` on the undirected, unweighted version:
/// Σ_c [ L_c / m − γ (D_c / 2m)² ]. `None` without edges.
pub fn modularity(g: &Graph, community: &[usize], resolution: f64) -> Option<f64> {
    let m = g.undirected_edge_count() as f64;
    if m == 0.0 {
        return None;
    }
    let k = community.iter().copied().max().map_or(0, |c| c + 1);
    let mut internal = vec![0f64; k];
    let mut degree = vec![0f64; k];
    for v in 0..g.node_count() {
        degree[community[v]] += g.und(v).len() as f64;
        for &w in g.und(v) {
            if (w as usize) > v && community[w as usize] == community[v] {
                internal[community[v]] += 1.0;
            }
        }
    }
    Some((0..k).map(|c| internal[c] / m - resolution * (degree[c] / (2.0 * m)).powi(2)).sum())
}

/// Louvain communities: a community id per node, ids ordered by size (largest first), then by
/// the smallest node in the community.
///
/// # Complexity
/// Near-linear in practice: O(m) per pass, a few passes per level, O(log n) levels.
pub fn louvain(g: &Graph, resolution: f64, seed: u64) -> Vec<usize> {
    let n = g.node_count();
    // Level graph: adjacency without self-loops, plus self weight (internal edges, counted once).
    let mut adj: Vec<Vec<(usize, f64)>> =
        (0..n).map(|v| g.und(v).iter().map(|w| (*w as usize, 1.0)).collect()).collect();
    let mut self_w = vec![0f64; n];
    // membership[v] = node of the current level that holds original node v.
    let mut membership: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(seed);
    let total: f64 = adj.iter().map(|a| a.iter().map(|x| x.1).sum::<f64>()).sum::<f64>() / 2.0;
    if total == 0.0 {
        return relabel(&membership);
    }
    loop {
        let (comm, moved) = one_level(&adj, &self_w, total, resolution, &mut rng);
        if !moved {
            break;
        }
        let (ids, k) = compact(&comm);
        for m in membership.iter_mut() {
            *m = ids[*m];
        }
        let mut new_adj: Vec<std::collections::HashMap<usize, f64>> = vec![Default::default(); k];
        let mut new_self = vec![0f64; k];
        for (v, nbrs) in adj.iter().enumerate() {
            let cv = ids[v];
            new_self[cv] += self_w[v];
            for &(w, wt) in nbrs {
                let cw = ids[w];
                if cv == cw {
                    if w > v {
                        new_self[cv] += wt;
                    }
                } else {
                    *new_adj[cv].entry(cw).or_insert(0.0) += wt;
                }
            }
        }
        adj = new_adj
            .into_iter()
            .map(|m| {
                let mut v: Vec<(usize, f64)> = m.into_iter().collect();
                v.sort_by_key(|x| x.0);
                v
            })
            .collect();
        self_w = new_self;
        if k == 1 {
            break;
        }
    }
    relabel(&membership)
}

/// One level of local moves; returns the community of each level node and whether any moved.
fn one_level(
    adj: &[Vec<(usize, f64)>],
    self_w: &[f64],
    m: f64,
    gamma: f64,
    rng: &mut Rng,
) -> (Vec<usize>, bool) {
    let n = adj.len();
    let k: Vec<f64> = (0..n).map(|v| adj[v].iter().map(|x| x.1).sum::<f64>() + 2.0 * self_w[v]).collect();
    let mut comm: Vec<usize> = (0..n).collect();
    let mut tot = k.clone();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut weight_to = vec![0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut any = false;
    loop {
        let mut moved = 0;
        for &v in &order {
            let cv = comm[v];
            for &(w, wt) in &adj[v] {
                let c = comm[w];
                if weight_to[c] == 0.0 {
                    touched.push(c);
                }
                weight_to[c] += wt;
            }
            tot[cv] -= k[v];
            let gain = |c: usize, wto: f64| wto - gamma * tot[c] * k[v] / (2.0 * m);
            let mut best = cv;
            let mut best_gain = gain(cv, weight_to[cv]);
            for &c in &touched {
                let g = gain(c, weight_to[c]);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best] += k[v];
            if best != cv {
                comm[v] = best;
                moved += 1;
            }
            for &c in &touched {
                weight_to[c] = 0.0;
            }
            touched.clear();
        }
        if moved == 0 {
            break;
        }
        any = true;
    }
    (comm, any)
}

/// Maps arbitrary labels to 0..k in order of first appearance.
fn compact(labels: &[usize]) -> (Vec<usize>, usize) {
    let mut map = std::collections::HashMap::new();
    let ids = labels
        .iter()
        .map(|l| {
            let next = map.len();
            *map.entry(*l).or_insert(next)
        })
        .collect();
    (ids, map.len())
}

/// Relabels communities by size (descending), ties by smallest member.
fn relabel(labels: &[usize]) -> Vec<usize> {
    let (ids, k) = compact(labels);
    let mut size = vec![0usize; k];
    for &c in &ids {
        size[c] += 1;
    }
    // Communities are already numbered by first (smallest) member, so a stable sort by size
    // keeps that as the tie-break.
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|a, b| size[*b].cmp(&size[*a]));
    let mut rank = vec![0usize; k];
    for (r, c) in order.into_iter().enumerate() {
        rank[c] = r;
    }
    ids.into_iter().map(|c| rank[c]).collect()
}
