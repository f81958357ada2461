//! Community detection (Louvain and Leiden) and modularity on the undirected version of a graph.
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
    let mut level = Level::from_graph(g);
    // membership[v] = node of the current level that holds original node v.
    let mut membership: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(seed);
    // m of the original graph, used at every level (aggregation preserves it).
    let total = level.total;
    if total == 0.0 {
        return relabel(&membership);
    }
    loop {
        let (comm, moved) = one_level(&level, total, resolution, &mut rng);
        if !moved {
            break;
        }
        let (ids, k) = compact(&comm);
        for m in membership.iter_mut() {
            *m = ids[*m];
        }
        level = level.aggregate(&ids, k);
        if k == 1 {
            break;
        }
    }
    relabel(&membership)
}

/// Which community detection algorithm to run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Method {
    /// Louvain (Blondel et al. 2008).
    Louvain,
    /// Leiden (Traag, Waltman & van Eck 2019): communities are guaranteed connected.
    #[default]
    Leiden,
}

impl Method {
    /// The report's word for the method.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Louvain => "louvain",
            Method::Leiden => "leiden",
        }
    }

    /// Parses `louvain` or `leiden`.
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_ascii_lowercase().as_str() {
            "louvain" => Some(Method::Louvain),
            "leiden" => Some(Method::Leiden),
            _ => None,
        }
    }
}

/// Runs the chosen method. Leiden compares seeded runs within [`leiden_passes`] (see
/// [`leiden_best`]); Louvain is one run.
pub fn detect(g: &Graph, method: Method, resolution: f64, seed: u64) -> Vec<usize> {
    match method {
        Method::Louvain => louvain(g, resolution, seed),
        Method::Leiden => leiden_best(g, resolution, seed, leiden_passes(g)),
    }
}

/// Leiden iterations [`detect`] may spend on `g`, each costing about one pass over its ties:
/// 16 on small networks (several runs to convergence, as igraph users keep the best of ten;
/// a run takes two to four iterations), a few at 50,000 ties, and a single iteration — the
/// behaviour of earlier versions — from about 250,000 ties, where one iteration is already
/// most of the network step's community time and further ones gained 10⁻⁶ of modularity
/// (measured on the 100,000/1,000,000 benchmark). 16 keeps the demo's three relations within
/// a few milliseconds.
pub fn leiden_passes(g: &Graph) -> usize {
    let work = g.node_count() + 2 * g.undirected_edge_count();
    (500_000 / work.max(1)).clamp(1, 16)
}

/// The partition with the highest modularity (at `resolution`, the quantity Leiden maximizes)
/// among seeded runs of Leiden (seeds `seed`, `seed + 1`, …, at most ten), each iterated to
/// convergence as [`leiden`] does, within `passes` iterations in all: the first run may use
/// them all, and a new run starts only while some are left. The first wins a tie, so the result
/// is deterministic for a seed; with enough passes for one run it is `leiden(g, γ, seed)`.
pub fn leiden_best(g: &Graph, resolution: f64, seed: u64, passes: usize) -> Vec<usize> {
    let base = Level::from_graph(g);
    let mut left = passes.max(1);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for r in 0..10u64 {
        if left == 0 {
            break;
        }
        let (part, used) = leiden_run(&base, resolution, seed.wrapping_add(r), left);
        left -= used;
        let q = modularity(g, &part, resolution).unwrap_or(0.0);
        if best.as_ref().is_none_or(|(bq, _)| q > bq + 1e-12) {
            best = Some((q, part));
        }
    }
    best.map(|(_, p)| p).unwrap_or_else(|| relabel(&(0..g.node_count()).collect::<Vec<_>>()))
}

/// Leiden communities (Traag, Waltman & van Eck 2019, *From Louvain to Leiden*), optimizing
/// modularity with resolution γ, iterated to convergence (igraph's `n_iterations=-1`): each
/// iteration ([`leiden_iteration`]) starts from the partition the previous one found, until an
/// iteration changes nothing (at most 100). A single iteration stopped up to 0.01 below
/// igraph's best modularity on real networks. Every community is connected.
///
/// Ids are ordered by size (largest first), then by smallest member, as in [`louvain`].
///
/// # Complexity
/// Near-linear in practice: each level is O(m) work per queue pass; later iterations move few
/// nodes.
pub fn leiden(g: &Graph, resolution: f64, seed: u64) -> Vec<usize> {
    leiden_run(&Level::from_graph(g), resolution, seed, 100).0
}

/// One seeded Leiden run of at most `max_iterations` iterations: the partition (relabelled)
/// and the iterations used.
fn leiden_run(base: &Level, resolution: f64, seed: u64, max_iterations: usize) -> (Vec<usize>, usize) {
    let mut rng = Rng::new(seed);
    let mut part: Vec<usize> = (0..base.len()).collect();
    if base.total == 0.0 {
        return (relabel(&part), 1);
    }
    let mut used = 0;
    while used < max_iterations {
        used += 1;
        let next = relabel(&leiden_iteration(base, &part, resolution, &mut rng));
        if next == part {
            break;
        }
        part = next;
    }
    (part, used)
}

/// One Leiden iteration from the partition `start` of `base`'s nodes: fast local moving (a
/// queue of nodes whose neighbourhood changed), then a refinement of each community that only
/// merges well-connected singletons into well-connected sub-communities (randomness θ = 0.01,
/// seeded), then aggregation of the refined partition with the unrefined one as the starting
/// point; repeated until local moving leaves every node of the aggregate graph alone.
fn leiden_iteration(base: &Level, start: &[usize], resolution: f64, rng: &mut Rng) -> Vec<usize> {
    let n = base.len();
    let mut level = base.clone();
    let mut membership: Vec<usize> = (0..n).collect();
    let mut part: Vec<usize> = start.to_vec();
    loop {
        let moved = move_nodes_fast(&level, &mut part, resolution, rng);
        let (part_ids, communities) = compact(&part);
        if communities == level.len() && !moved {
            break;
        }
        if communities == level.len() {
            // Nothing to aggregate: every node is its own community.
            break;
        }
        let refined = refine(&level, &part_ids, resolution, rng);
        let (mut ids, mut k) = compact(&refined);
        if k == level.len() {
            // The refinement kept every node apart; aggregate by the communities themselves
            // so that the next level makes progress (as Louvain would).
            (ids, k) = (part_ids.clone(), communities);
        }
        for m in membership.iter_mut() {
            *m = ids[*m];
        }
        let mut next_part = vec![0usize; k];
        for v in 0..level.len() {
            next_part[ids[v]] = part_ids[v];
        }
        level = level.aggregate(&ids, k);
        part = next_part;
    }
    membership.iter().map(|m| part[*m]).collect()
}

/// One level of the (aggregated) undirected weighted graph.
#[derive(Clone)]
struct Level {
    /// Neighbours and weights, without self-loops.
    adj: Vec<Vec<(usize, f64)>>,
    /// Weight of the ties inside each aggregated node (counted once).
    self_w: Vec<f64>,
    /// Weighted degree, self-loops counted twice.
    k: Vec<f64>,
    /// Total edge weight m.
    total: f64,
}

impl Level {
    fn from_graph(g: &Graph) -> Level {
        let adj: Vec<Vec<(usize, f64)>> =
            (0..g.node_count()).map(|v| g.und(v).iter().map(|w| (*w as usize, 1.0)).collect()).collect();
        Level::new(adj, vec![0.0; g.node_count()])
    }

    fn new(adj: Vec<Vec<(usize, f64)>>, self_w: Vec<f64>) -> Level {
        let k: Vec<f64> =
            adj.iter().zip(&self_w).map(|(a, s)| a.iter().map(|x| x.1).sum::<f64>() + 2.0 * s).collect();
        let total = k.iter().sum::<f64>() / 2.0;
        Level { adj, self_w, k, total }
    }

    fn len(&self) -> usize {
        self.adj.len()
    }

    /// The graph of the groups `ids` (0..k): one node per group.
    fn aggregate(&self, ids: &[usize], k: usize) -> Level {
        let mut new_adj: Vec<std::collections::HashMap<usize, f64>> = vec![Default::default(); k];
        let mut new_self = vec![0f64; k];
        for (v, nbrs) in self.adj.iter().enumerate() {
            let cv = ids[v];
            new_self[cv] += self.self_w[v];
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
        let adj = new_adj
            .into_iter()
            .map(|m| {
                let mut v: Vec<(usize, f64)> = m.into_iter().collect();
                v.sort_by_key(|x| x.0);
                v
            })
            .collect();
        Level::new(adj, new_self)
    }
}

/// Leiden's fast local moving: visits nodes from a queue, moves each to the community (or an
/// empty one) with the best modularity gain, and re-queues its neighbours outside the new
/// community. Returns whether any node moved.
fn move_nodes_fast(level: &Level, comm: &mut [usize], gamma: f64, rng: &mut Rng) -> bool {
    let n = level.len();
    let two_m = 2.0 * level.total;
    let mut tot = vec![0f64; n];
    let mut size = vec![0usize; n];
    for v in 0..n {
        tot[comm[v]] += level.k[v];
        size[comm[v]] += 1;
    }
    let mut empty: Vec<usize> = (0..n).filter(|c| size[*c] == 0).collect();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut queue: std::collections::VecDeque<usize> = order.into_iter().collect();
    let mut queued = vec![true; n];
    let mut weight_to = vec![0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut any = false;
    while let Some(v) = queue.pop_front() {
        queued[v] = false;
        let cv = comm[v];
        for &(w, wt) in &level.adj[v] {
            let c = comm[w];
            if weight_to[c] == 0.0 {
                touched.push(c);
            }
            weight_to[c] += wt;
        }
        tot[cv] -= level.k[v];
        size[cv] -= 1;
        let gain = |c: usize, wto: f64| wto - gamma * tot[c] * level.k[v] / two_m;
        let (mut best, best_gain) = best_move(cv, &touched, &weight_to, gain);
        // An empty community gains exactly 0.
        if best_gain < -1e-12
            && size[cv] > 0
            && let Some(e) = empty.pop()
        {
            best = e;
        }
        if size[cv] == 0 && best != cv {
            empty.push(cv);
        }
        tot[best] += level.k[v];
        size[best] += 1;
        if best != cv {
            comm[v] = best;
            any = true;
            for &(w, _) in &level.adj[v] {
                if !queued[w] && comm[w] != best {
                    queued[w] = true;
                    queue.push_back(w);
                }
            }
        }
        for &c in &touched {
            weight_to[c] = 0.0;
        }
        touched.clear();
    }
    any
}

/// Leiden's refinement: inside each community `part`, start from singletons and merge each
/// well-connected singleton into a well-connected sub-community of the same community, chosen
/// at random with probability ∝ exp(gain / θ) among non-negative gains. Returns the refined
/// sub-community of each node.
fn refine(level: &Level, part: &[usize], gamma: f64, rng: &mut Rng) -> Vec<usize> {
    const THETA: f64 = 0.01;
    let n = level.len();
    let two_m = 2.0 * level.total;
    let communities = part.iter().copied().max().map_or(0, |c| c + 1);
    let mut tot_s = vec![0f64; communities];
    for v in 0..n {
        tot_s[part[v]] += level.k[v];
    }
    let mut refined: Vec<usize> = (0..n).collect();
    let mut tot_r = level.k.clone();
    let mut singleton = vec![true; n];
    // Weight from each sub-community to the rest of its community.
    let mut ext_r: Vec<f64> =
        (0..n).map(|v| level.adj[v].iter().filter(|(w, _)| part[*w] == part[v]).map(|x| x.1).sum()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let mut weight_to = vec![0f64; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut candidates: Vec<(usize, f64)> = Vec::new();
    for &v in &order {
        if !singleton[v] {
            continue;
        }
        let s = part[v];
        let kv = level.k[v];
        if ext_r[v] < gamma * kv * (tot_s[s] - kv) / two_m {
            continue;
        }
        for &(w, wt) in &level.adj[v] {
            if part[w] != s {
                continue;
            }
            let r = refined[w];
            if weight_to[r] == 0.0 {
                touched.push(r);
            }
            weight_to[r] += wt;
        }
        candidates.clear();
        candidates.push((v, 0.0));
        for &r in &touched {
            if r == v || ext_r[r] < gamma * tot_r[r] * (tot_s[s] - tot_r[r]) / two_m {
                continue;
            }
            let gain = weight_to[r] - gamma * kv * tot_r[r] / two_m;
            if gain >= 0.0 {
                candidates.push((r, gain));
            }
        }
        let best = candidates.iter().map(|c| c.1).fold(f64::NEG_INFINITY, f64::max);
        let weights: Vec<f64> = candidates.iter().map(|c| ((c.1 - best) / THETA).exp()).collect();
        let (chosen, _) = candidates[rng.weighted(&weights)];
        if chosen != v {
            let w_vr = weight_to[chosen];
            refined[v] = chosen;
            tot_r[chosen] += kv;
            tot_r[v] = 0.0;
            ext_r[chosen] = ext_r[chosen] + ext_r[v] - 2.0 * w_vr;
            singleton[v] = false;
            singleton[chosen] = false;
        }
        for &r in &touched {
            weight_to[r] = 0.0;
        }
        touched.clear();
    }
    refined
}

/// One level of local moves; returns the community of each level node and whether any moved.
fn one_level(level: &Level, m: f64, gamma: f64, rng: &mut Rng) -> (Vec<usize>, bool) {
    let adj = &level.adj;
    let n = adj.len();
    let k = &level.k;
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
            let (best, _) = best_move(cv, &touched, &weight_to, gain);
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

/// The community with the largest modularity gain for a node now outside `current` (which
/// wins ties, so nodes only move for a real gain), among the `touched` neighbouring
/// communities; with that gain.
fn best_move(
    current: usize,
    touched: &[usize],
    weight_to: &[f64],
    gain: impl Fn(usize, f64) -> f64,
) -> (usize, f64) {
    let mut best = current;
    let mut best_gain = gain(current, weight_to[current]);
    for &c in touched {
        let g = gain(c, weight_to[c]);
        if g > best_gain + 1e-12 {
            best = c;
            best_gain = g;
        }
    }
    (best, best_gain)
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
