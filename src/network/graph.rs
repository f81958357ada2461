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
    /// [`Graph::fingerprint`], once computed: a graph is never changed once built.
    fingerprint: Fingerprint,
}

/// A graph's fingerprint, computed at most once. Graphs compare by their lists alone.
#[derive(Debug, Clone, Default)]
struct Fingerprint(std::sync::OnceLock<u64>);

impl PartialEq for Fingerprint {
    fn eq(&self, _: &Fingerprint) -> bool {
        true
    }
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
        let valid =
            edges.iter().copied().filter(|(s, t, _)| s != t && (*s as usize) < n && (*t as usize) < n);
        let (out_off, out_adj, out_w) = csr(n, valid);
        // The in- and undirected lists follow from the sorted out-lists in linear time, as in
        // `from_sorted_ties`: two more sorting builds (in-lists, then both directions) took a
        // million ties from 0.11 s to 0.26 s natively.
        let ties: Vec<(u32, u32)> = (0..n)
            .flat_map(|s| out_adj[out_off[s]..out_off[s + 1]].iter().map(move |&t| (s as u32, t)))
            .collect();
        let mut steps = SortedTiesSteps::from_out(Graph { n, out_off, out_adj, out_w, ..Graph::default() });
        while !steps.step(&ties, &[], usize::MAX) {}
        steps.g
    }

    /// Builds a graph from ties listed as [`Graph::out`] lists them — by source, then target,
    /// each once, no self-loops — with their weights (empty: all 1). This is how the worker
    /// sends a graph to the page: rebuilt here in linear time (the in-lists come out sorted
    /// because the sources are visited in order; each undirected list is a merge of two sorted
    /// lists), without [`Graph::from_edges`]' sorting, which held the page for a quarter of a
    /// second on a million ties. `None` when the ties are not in that order. The page builds
    /// large graphs in bounded steps instead ([`SortedTiesSteps`]), the same work.
    pub fn from_sorted_ties(n: usize, ties: &[(u32, u32)], weights: &[f64]) -> Option<Graph> {
        let mut steps = SortedTiesSteps::new(n, ties, weights);
        while !steps.step(ties, weights, usize::MAX) {}
        steps.finish()
    }

    /// A hash of the graph: its nodes, out-lists and weights (the in- and undirected lists
    /// follow from them). Computed once per graph: the keys of what is handed over between
    /// workers (`graph_only::key`, `joint::introduce::key`) are checked several times per run,
    /// and hashing a million ties takes tens of milliseconds in the page.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.0.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let mut state = std::collections::hash_map::DefaultHasher::new();
            (self.n, &self.out_off, &self.out_adj).hash(&mut state);
            for w in &self.out_w {
                w.to_bits().hash(&mut state);
            }
            state.finish()
        })
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

/// Where a [`SortedTiesSteps`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Checking the order and counting, up to tie `at`, while copying the out-lists.
    Out,
    /// Placing each tie in its target's in-list, up to tie `at`.
    In,
    /// Merging each node's out- and in-lists into its undirected list, up to node `at`.
    Undirected,
    Done,
    /// The ties are not in [`Graph::out`]'s order.
    Invalid,
}

/// [`Graph::from_sorted_ties`] a bounded piece at a time: each [`SortedTiesSteps::step`] does
/// about `work` ties' worth (or nodes'), so the page can rebuild a million ties' graph between
/// other tasks (in one piece it was a task of 50–90 ms). The caller passes the same ties and
/// weights to every step.
#[derive(Debug, Clone)]
pub struct SortedTiesSteps {
    phase: Phase,
    at: usize,
    prev: Option<(u32, u32)>,
    g: Graph,
    /// Next free place in each target's in-list.
    fill: Vec<usize>,
}

impl SortedTiesSteps {
    /// The graph of `n` nodes with these ties, not yet built.
    pub fn new(n: usize, ties: &[(u32, u32)], weights: &[f64]) -> SortedTiesSteps {
        let m = ties.len();
        let valid = weights.is_empty() || weights.len() == m;
        let mut g = Graph { n, ..Graph::default() };
        if valid {
            g.out_off = vec![0; n + 1];
            g.in_off = vec![0; n + 1];
            g.out_adj.reserve(m);
            g.out_w.reserve(m);
        }
        SortedTiesSteps {
            phase: if valid { Phase::Out } else { Phase::Invalid },
            at: 0,
            prev: None,
            g,
            fill: Vec::new(),
        }
    }

    /// The steps left once `g`'s out-lists are built (sorted, each tie once, no self-loops):
    /// its in- and undirected lists, from the ties in out-list order.
    fn from_out(mut g: Graph) -> SortedTiesSteps {
        let n = g.n;
        g.in_off = vec![0; n + 1];
        for &t in &g.out_adj {
            g.in_off[t as usize + 1] += 1;
        }
        for v in 0..n {
            g.in_off[v + 1] += g.in_off[v];
        }
        let m = g.out_adj.len();
        g.in_adj = vec![0; m];
        g.in_w = vec![0.0; m];
        let fill = g.in_off.clone();
        SortedTiesSteps { phase: Phase::In, at: 0, prev: None, g, fill }
    }

    /// The next piece of about `work` ties or nodes; true once finished ([`SortedTiesSteps::finish`]).
    pub fn step(&mut self, ties: &[(u32, u32)], weights: &[f64], work: usize) -> bool {
        let work = work.max(1);
        match self.phase {
            Phase::Out => self.out_step(ties, weights, work),
            Phase::In => self.in_step(ties, work),
            Phase::Undirected => self.undirected_step(work),
            Phase::Done | Phase::Invalid => {}
        }
        matches!(self.phase, Phase::Done | Phase::Invalid)
    }

    /// The graph, or `None` when the ties were not in order (once [`SortedTiesSteps::step`]
    /// has returned true).
    pub fn finish(self) -> Option<Graph> {
        (self.phase == Phase::Done).then_some(self.g)
    }

    fn out_step(&mut self, ties: &[(u32, u32)], weights: &[f64], work: usize) {
        let (n, m) = (self.g.n, ties.len());
        let end = m.min(self.at.saturating_add(work));
        for (i, &(s, t)) in ties.iter().enumerate().take(end).skip(self.at) {
            if s == t || s as usize >= n || t as usize >= n || self.prev.is_some_and(|p| p >= (s, t)) {
                self.phase = Phase::Invalid;
                return;
            }
            self.prev = Some((s, t));
            self.g.out_off[s as usize + 1] += 1;
            self.g.in_off[t as usize + 1] += 1;
            self.g.out_adj.push(t);
            self.g.out_w.push(weights.get(i).copied().unwrap_or(1.0));
        }
        self.at = end;
        if end == m {
            // Counts to offsets: one pass over the nodes, a few milliseconds at most.
            for v in 0..n {
                self.g.out_off[v + 1] += self.g.out_off[v];
                self.g.in_off[v + 1] += self.g.in_off[v];
            }
            self.fill = self.g.in_off.clone();
            self.g.in_adj = vec![0; m];
            self.g.in_w = vec![0.0; m];
            (self.phase, self.at) = (Phase::In, 0);
        }
    }

    fn in_step(&mut self, ties: &[(u32, u32)], work: usize) {
        let end = ties.len().min(self.at.saturating_add(work));
        for (i, &(s, t)) in ties.iter().enumerate().take(end).skip(self.at) {
            let p = self.fill[t as usize];
            self.g.in_adj[p] = s;
            self.g.in_w[p] = self.g.out_w[i];
            self.fill[t as usize] += 1;
        }
        self.at = end;
        if end == ties.len() {
            self.fill = Vec::new();
            self.g.und_off.reserve(self.g.n + 1);
            self.g.und_off.push(0);
            self.g.und_adj.reserve(2 * ties.len());
            (self.phase, self.at) = (Phase::Undirected, 0);
        }
    }

    fn undirected_step(&mut self, work: usize) {
        let g = &mut self.g;
        let mut done = 0;
        while self.at < g.n && done < work {
            let v = self.at;
            let (a, b) =
                (&g.out_adj[g.out_off[v]..g.out_off[v + 1]], &g.in_adj[g.in_off[v]..g.in_off[v + 1]]);
            merge_sorted(a, b, &mut g.und_adj);
            g.und_off.push(g.und_adj.len());
            done += 1 + a.len() + b.len();
            self.at += 1;
        }
        if self.at == g.n {
            self.phase = Phase::Done;
        }
    }
}

/// Appends the union of two sorted lists without repeats (each has none) to `out`, sorted.
fn merge_sorted(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
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
        out.push(next);
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

    /// A random graph (ties with repeats, self-loops and both directions) and its ties in CSR
    /// order with their weights, as the worker sends them: no weights when every one is 1
    /// (parallel ties add up).
    fn random_ties(
        rng: &mut crate::rng::Rng,
        n: usize,
        m: usize,
        weighted: bool,
    ) -> (Graph, Vec<(u32, u32)>, Vec<f64>) {
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
        let weights = if weights.iter().all(|w| *w == 1.0) { Vec::new() } else { weights };
        (g, ties, weights)
    }

    #[test]
    fn ties_in_csr_order_rebuild_the_same_graph() {
        let mut rng = crate::rng::Rng::new(11);
        for (n, m, weighted) in
            [(1, 0, false), (5, 0, false), (30, 120, false), (200, 1500, true), (60, 3000, true)]
        {
            let (g, ties, weights) = random_ties(&mut rng, n, m, weighted);
            let back = Graph::from_sorted_ties(n, &ties, &weights);
            assert_eq!(back.as_ref(), Some(&g), "n = {n}, m = {m}");
        }
        // Not in order, a self-loop, an endpoint out of range: not accepted.
        assert!(Graph::from_sorted_ties(3, &[(1, 2), (0, 1)], &[]).is_none());
        assert!(Graph::from_sorted_ties(3, &[(0, 1), (0, 1)], &[]).is_none());
        assert!(Graph::from_sorted_ties(3, &[(1, 1)], &[]).is_none());
        assert!(Graph::from_sorted_ties(3, &[(0, 3)], &[]).is_none());
    }

    /// Built in steps of any size, a graph is the one built whole, and ties out of order are
    /// refused at whatever step they are met.
    #[test]
    fn sorted_ties_in_steps_build_the_same_graph() {
        let mut rng = crate::rng::Rng::new(27);
        for (n, m, weighted) in [(0, 0, false), (1, 0, false), (40, 300, false), (150, 2000, true)] {
            let (g, ties, weights) = random_ties(&mut rng, n, m, weighted);
            for work in [0, 1, 7, 100, usize::MAX] {
                let mut steps = SortedTiesSteps::new(n, &ties, &weights);
                let mut count = 0;
                while !steps.step(&ties, &weights, work) {
                    count += 1;
                }
                assert_eq!(steps.finish().as_ref(), Some(&g), "n = {n}, m = {m}, work = {work}");
                // Small steps are many: the work is really split.
                if work == 1 && m > 0 {
                    assert!(count >= 2 * g.edge_count(), "{count} steps");
                }
            }
        }
        // A tie out of order late in the list, or weights not one per tie: refused.
        let mut late: Vec<(u32, u32)> = (0..50).map(|i| (i, i + 1)).collect();
        late.push((3, 4));
        for work in [1, 10, usize::MAX] {
            let mut steps = SortedTiesSteps::new(60, &late, &[]);
            while !steps.step(&late, &[], work) {}
            assert!(steps.finish().is_none());
        }
        let mut steps = SortedTiesSteps::new(3, &[(0, 1)], &[1.0, 2.0]);
        assert!(steps.step(&[(0, 1)], &[1.0, 2.0], 1));
        assert!(steps.finish().is_none());
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

    /// The graph as three sorting builds made it (before the in- and undirected lists were
    /// derived from the out-lists).
    fn three_sorts(n: usize, edges: &[(u32, u32, f64)]) -> Graph {
        let valid: Vec<(u32, u32, f64)> = edges
            .iter()
            .copied()
            .filter(|(s, t, _)| s != t && (*s as usize) < n && (*t as usize) < n)
            .collect();
        let (out_off, out_adj, out_w) = csr(n, valid.iter().copied());
        let (in_off, in_adj, in_w) = csr(n, valid.iter().map(|(s, t, w)| (*t, *s, *w)));
        let both = valid.iter().flat_map(|(s, t, _)| [(*s, *t, 1.0), (*t, *s, 1.0)]);
        let (und_off, und_adj, _) = csr(n, both);
        Graph {
            n,
            out_off,
            out_adj,
            out_w,
            in_off,
            in_adj,
            in_w,
            und_off,
            und_adj,
            fingerprint: Fingerprint::default(),
        }
    }

    #[test]
    fn lists_derived_from_the_out_lists_are_those_of_three_sorting_builds() {
        let mut rng = crate::rng::Rng::new(11);
        for (n, m) in [(0, 0), (1, 3), (2, 5), (7, 40), (50, 400), (300, 900), (2000, 30_000)] {
            // Parallel ties (whole weights: any order of adding gives the same sum), loops,
            // reciprocated ties, ends outside the graph and a hub.
            let edges: Vec<(u32, u32, f64)> = (0..m)
                .map(|i| {
                    let s = if i % 7 == 0 { 0 } else { rng.below(n.max(1) + 1) as u32 };
                    (s, rng.below(n.max(1) + 1) as u32, (1 + rng.below(4)) as f64)
                })
                .collect();
            assert_eq!(Graph::from_edges(n, &edges), three_sorts(n, &edges), "{n} nodes, {m} ties");
        }
    }
}
