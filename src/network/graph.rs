//! Compressed sparse row (CSR) storage of a directed graph and its undirected simple version.
//!
//! Every algorithm walks contiguous neighbour slices, so memory is O(n + m) and a million ties
//! fit in a few tens of megabytes; building is a counting sort, with no quadratic step.

/// A directed, weighted graph in CSR form, plus the undirected simple graph derived from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    n: usize,
    out_off: Vec<usize>,
    out_adj: Vec<u32>,
    out_w: Vec<f64>,
    in_off: Vec<usize>,
    in_adj: Vec<u32>,
    in_w: Vec<f64>,
    und_off: Vec<usize>,
    und_adj: Vec<u32>,
}

impl Graph {
    /// Builds a graph on nodes `0..n` from `(source, target, weight)` triples.
    ///
    /// Parallel ties are merged (weights add up); self-loops are ignored (the caller reports
    /// them); endpoints `>= n` are ignored.
    ///
    /// # Complexity
    /// O(n + m log d) where d is the largest degree (neighbour lists are sorted).
    pub fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> Graph {
        let valid: Vec<(u32, u32, f64)> = edges
            .iter()
            .copied()
            .filter(|(s, t, _)| s != t && (*s as usize) < n && (*t as usize) < n)
            .collect();
        let (out_off, out_adj, out_w) = csr(n, valid.iter().map(|(s, t, w)| (*s, *t, *w)));
        let (in_off, in_adj, in_w) = csr(n, valid.iter().map(|(s, t, w)| (*t, *s, *w)));
        let both = valid.iter().flat_map(|(s, t, _)| [(*s, *t, 1.0), (*t, *s, 1.0)]);
        let (und_off, und_adj, _) = csr(n, both);
        Graph { n, out_off, out_adj, out_w, in_off, in_adj, in_w, und_off, und_adj }
    }

    /// Builds a graph from ties listed as [`Graph::out`] lists them — by source, then target,
    /// each once, no self-loops — with their weights (empty: all 1). This is how the worker
    /// sends a graph to the page: rebuilt here in linear time (the in-lists come out sorted
    /// because the sources are visited in order; each undirected list is a merge of two sorted
    /// lists), without [`Graph::from_edges`]' sorting, which held the page for a quarter of a
    /// second on a million ties. `None` when the ties are not in that order.
    pub fn from_sorted_ties(n: usize, ties: &[(u32, u32)], weights: &[f64]) -> Option<Graph> {
        let m = ties.len();
        if !weights.is_empty() && weights.len() != m {
            return None;
        }
        let mut prev: Option<(u32, u32)> = None;
        for &(s, t) in ties {
            if s == t || s as usize >= n || t as usize >= n || prev.is_some_and(|p| p >= (s, t)) {
                return None;
            }
            prev = Some((s, t));
        }
        let offsets = |key: &dyn Fn(&(u32, u32)) -> u32| {
            let mut off = vec![0usize; n + 1];
            for e in ties {
                off[key(e) as usize + 1] += 1;
            }
            for v in 0..n {
                off[v + 1] += off[v];
            }
            off
        };
        let out_off = offsets(&|e| e.0);
        let out_adj: Vec<u32> = ties.iter().map(|e| e.1).collect();
        let out_w: Vec<f64> = if weights.is_empty() { vec![1.0; m] } else { weights.to_vec() };
        let in_off = offsets(&|e| e.1);
        let mut fill = in_off.clone();
        let (mut in_adj, mut in_w) = (vec![0u32; m], vec![0f64; m]);
        for (i, &(s, t)) in ties.iter().enumerate() {
            let p = fill[t as usize];
            in_adj[p] = s;
            in_w[p] = out_w[i];
            fill[t as usize] += 1;
        }
        let mut und_off = Vec::with_capacity(n + 1);
        let mut und_adj = Vec::with_capacity(2 * m);
        und_off.push(0);
        for v in 0..n {
            let (a, b) = (&out_adj[out_off[v]..out_off[v + 1]], &in_adj[in_off[v]..in_off[v + 1]]);
            let (mut i, mut j) = (0, 0);
            while i < a.len() || j < b.len() {
                let next = match (a.get(i), b.get(j)) {
                    (Some(&x), Some(&y)) if x == y => {
                        i += 1;
                        j += 1;
                        x
                    }
                    (Some(&x), Some(&y)) if x < y => {
                        i += 1;
                        x
                    }
                    (Some(&x), None) => {
                        i += 1;
                        x
                    }
                    (_, Some(&y)) => {
                        j += 1;
                        y
                    }
                    (None, None) => break,
                };
                und_adj.push(next);
            }
            und_off.push(und_adj.len());
        }
        Some(Graph { n, out_off, out_adj, out_w, in_off, in_adj, in_w, und_off, und_adj })
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.n
    }

    /// Number of distinct directed ties.
    pub fn edge_count(&self) -> usize {
        self.out_adj.len()
    }

    /// Number of undirected edges in the simple undirected version.
    pub fn undirected_edge_count(&self) -> usize {
        self.und_adj.len() / 2
    }

    /// Out-neighbours of `v`, sorted.
    pub fn out(&self, v: usize) -> &[u32] {
        &self.out_adj[self.out_off[v]..self.out_off[v + 1]]
    }

    /// Weights of the out-ties of `v`, aligned with [`Graph::out`].
    pub fn out_weights(&self, v: usize) -> &[f64] {
        &self.out_w[self.out_off[v]..self.out_off[v + 1]]
    }

    /// In-neighbours of `v`, sorted.
    pub fn inn(&self, v: usize) -> &[u32] {
        &self.in_adj[self.in_off[v]..self.in_off[v + 1]]
    }

    /// Weights of the in-ties of `v`, aligned with [`Graph::inn`].
    pub fn in_weights(&self, v: usize) -> &[f64] {
        &self.in_w[self.in_off[v]..self.in_off[v + 1]]
    }

    /// Neighbours of `v` in the undirected simple version, sorted.
    pub fn und(&self, v: usize) -> &[u32] {
        &self.und_adj[self.und_off[v]..self.und_off[v + 1]]
    }

    /// True when the directed tie `u → v` exists.
    pub fn has_edge(&self, u: usize, v: usize) -> bool {
        self.out(u).binary_search(&(v as u32)).is_ok()
    }
}

/// Counting-sort CSR builder; merges duplicate (row, col) pairs by adding weights.
fn csr(n: usize, edges: impl Iterator<Item = (u32, u32, f64)> + Clone) -> (Vec<usize>, Vec<u32>, Vec<f64>) {
    let mut count = vec![0usize; n + 1];
    for (s, _, _) in edges.clone() {
        count[s as usize + 1] += 1;
    }
    for i in 0..n {
        count[i + 1] += count[i];
    }
    let m = count[n];
    let mut fill = count.clone();
    let mut adj = vec![0u32; m];
    let mut w = vec![0f64; m];
    for (s, t, wt) in edges {
        let p = fill[s as usize];
        adj[p] = t;
        w[p] = wt;
        fill[s as usize] += 1;
    }
    // Sort each row and merge duplicates in place (one buffer for every row).
    let mut off = vec![0usize; n + 1];
    let mut write = 0;
    let mut row: Vec<(u32, f64)> = Vec::new();
    for v in 0..n {
        let (a, b) = (count[v], count[v + 1]);
        row.clear();
        row.extend((a..b).map(|i| (adj[i], w[i])));
        if !row.is_sorted_by_key(|(t, _)| *t) {
            row.sort_unstable_by_key(|(t, _)| *t);
        }
        off[v] = write;
        let mut last: Option<u32> = None;
        for &(t, wt) in &row {
            if last == Some(t) {
                w[write - 1] += wt;
            } else {
                adj[write] = t;
                w[write] = wt;
                write += 1;
                last = Some(t);
            }
        }
    }
    off[n] = write;
    adj.truncate(write);
    w.truncate(write);
    (off, adj, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_in_csr_order_rebuild_the_same_graph() {
        let mut rng = crate::rng::Rng::new(11);
        for (n, m, weighted) in
            [(1, 0, false), (5, 0, false), (30, 120, false), (200, 1500, true), (60, 3000, true)]
        {
            // Random ties with repeats, self-loops and both directions.
            let edges: Vec<(u32, u32, f64)> = (0..m)
                .map(|_| {
                    let s = (rng.f64() * n as f64) as u32;
                    let t = (rng.f64() * n as f64) as u32;
                    (s, t, if weighted { 1.0 + (rng.f64() * 4.0).floor() } else { 1.0 })
                })
                .collect();
            let g = Graph::from_edges(n, &edges);
            let ties: Vec<(u32, u32)> =
                (0..n).flat_map(|v| g.out(v).iter().map(move |w| (v as u32, *w))).collect();
            let weights: Vec<f64> = (0..n).flat_map(|v| g.out_weights(v).iter().copied()).collect();
            // As the worker sends them: no weights when every one is 1 (parallel ties add up).
            let unit = weights.iter().all(|w| *w == 1.0);
            let back = Graph::from_sorted_ties(n, &ties, if unit { &[] } else { &weights });
            assert_eq!(back.as_ref(), Some(&g), "n = {n}, m = {m}");
        }
        // Not in order, a self-loop, an endpoint out of range: not accepted.
        assert!(Graph::from_sorted_ties(3, &[(1, 2), (0, 1)], &[]).is_none());
        assert!(Graph::from_sorted_ties(3, &[(0, 1), (0, 1)], &[]).is_none());
        assert!(Graph::from_sorted_ties(3, &[(1, 1)], &[]).is_none());
        assert!(Graph::from_sorted_ties(3, &[(0, 3)], &[]).is_none());
    }

    #[test]
    fn csr_merges_and_drops_loops() {
        let g = Graph::from_edges(3, &[(0, 1, 1.0), (0, 1, 2.0), (1, 0, 1.0), (2, 2, 1.0), (1, 2, 1.0)]);
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.out(0), &[1]);
        assert_eq!(g.out_weights(0), &[3.0]);
        assert_eq!(g.inn(2), &[1]);
        assert_eq!(g.und(1), &[0, 2]);
        assert_eq!(g.undirected_edge_count(), 2);
        assert!(g.has_edge(1, 2) && !g.has_edge(2, 1));
    }
}
