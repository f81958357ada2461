//! Network metrics with networkx 3 semantics (each function names the networkx function it
//! matches). Directed metrics walk the CSR adjacency; "undirected" metrics use the simple
//! undirected version (a tie in either direction).

use std::collections::VecDeque;

use super::graph::Graph;
use crate::handover::Handover;
use crate::rng::Rng;
use crate::stats::finite;
use crate::stats::par::{self, Threads};

/// networkx `density` for a directed graph: m / (n (n − 1)); `None` below two nodes.
pub fn density(g: &Graph) -> Option<f64> {
    let n = g.node_count() as f64;
    if g.node_count() < 2 { None } else { finite(g.edge_count() as f64 / (n * (n - 1.0))) }
}

/// networkx `reciprocity` (overall): share of ties whose reverse tie exists; `None` without ties.
pub fn reciprocity(g: &Graph) -> Option<f64> {
    let m = g.edge_count();
    if m == 0 {
        return None;
    }
    // A pair tied both ways is two ties and one edge of the undirected version, a pair tied one
    // way one of each (a graph has no self-loops): the ties returned are twice the difference,
    // as networkx's `overall_reciprocity` counts them, with no look-up per tie (a binary search
    // each took 30–40 ms of the analysis's last, unshared step at 1,000,000 ties).
    let mutual = 2 * (m - g.undirected_edge_count());
    finite(mutual as f64 / m as f64)
}

/// Triangles through each node of the undirected version.
///
/// # Complexity
/// O(Σ deg²) with sorted-list intersections.
pub fn triangles(g: &Graph) -> Vec<usize> {
    let n = g.node_count();
    // mark[q] == v + 1 when q neighbours v; each tie a–b among v's neighbours is counted
    // once, from its smaller end.
    let mut mark = vec![0usize; n];
    (0..n)
        .map(|v| {
            let nv = g.und(v);
            for &q in nv {
                mark[q as usize] = v + 1;
            }
            nv.iter()
                .map(|&a| g.und(a as usize).iter().filter(|&&b| b > a && mark[b as usize] == v + 1).count())
                .sum()
        })
        .collect()
}

/// networkx `clustering` on the undirected version: 2T(v) / (d(v)(d(v) − 1)), 0 when d < 2.
pub fn clustering(g: &Graph, tri: &[usize]) -> Vec<f64> {
    (0..g.node_count())
        .map(|v| {
            let d = g.und(v).len() as f64;
            if d < 2.0 { 0.0 } else { 2.0 * tri[v] as f64 / (d * (d - 1.0)) }
        })
        .collect()
}

/// networkx `transitivity` on the undirected version: 3 × triangles / connected triples
/// (0 when there are no triangles, as networkx returns).
pub fn transitivity(g: &Graph, tri: &[usize]) -> f64 {
    let t: usize = tri.iter().sum();
    let triples: f64 = (0..g.node_count())
        .map(|v| {
            let d = g.und(v).len() as f64;
            d * (d - 1.0)
        })
        .sum();
    if t == 0 || triples == 0.0 { 0.0 } else { 2.0 * t as f64 / triples }
}

/// Weakly connected components: a component id per node (ids in order of first node).
pub fn weak_components(g: &Graph) -> Vec<usize> {
    let n = g.node_count();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut queue = VecDeque::new();
    for s in 0..n {
        if comp[s] != usize::MAX {
            continue;
        }
        comp[s] = next;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            for &w in g.und(v) {
                if comp[w as usize] == usize::MAX {
                    comp[w as usize] = next;
                    queue.push_back(w as usize);
                }
            }
        }
        next += 1;
    }
    comp
}

/// Number of strongly connected components.
pub fn strong_component_count(g: &Graph) -> usize {
    strong_components(g).iter().map(|c| c + 1).max().unwrap_or(0)
}

/// Strongly connected components (iterative Tarjan): a component id per node, ids in the
/// order components are completed.
///
/// # Complexity
/// O(n + m).
pub fn strong_components(g: &Graph) -> Vec<usize> {
    let n = g.node_count();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut count = 0;
    let mut label = vec![0usize; n];
    // Call stack of (node, position in its out-list).
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        calls.push((root, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            if let Some(&w) = g.out(v).get(*pos) {
                *pos += 1;
                let w = w as usize;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(parent, _)) = calls.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        label[w] = count;
                        if w == v {
                            break;
                        }
                    }
                    count += 1;
                }
            }
        }
    }
    label
}

/// Which sources betweenness uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sources {
    /// Every node (exact).
    All,
    /// A seeded random sample of `k` sources, rescaled by n / k (networkx `k=`, `seed=`).
    Sample { k: usize, seed: u64 },
}

/// networkx `betweenness_centrality(normalized=True)` on the directed, unweighted graph
/// (Brandes 2001), optionally from sampled sources, on up to `threads` threads (the same
/// scores for any number). Returns the scores and the number of sources used.
///
/// # Complexity
/// O(s · (n + m)) for s sources, O(n) memory besides the graph.
pub fn betweenness(g: &Graph, sources: Sources, threads: Threads) -> (Vec<f64>, usize) {
    let src = source_list(g.node_count(), sources);
    let (mut bc, _) = brandes(g, &src, false, threads);
    normalize_betweenness(&mut bc, src.len());
    (bc, src.len())
}

/// Exact betweenness, closeness and harmonic centrality from one breadth-first search per
/// node (see [`all_paths`]).
#[derive(Debug, Clone, PartialEq)]
pub struct AllPaths {
    /// As [`betweenness`] with all sources.
    pub betweenness: Vec<f64>,
    /// As [`closeness_harmonic`].
    pub closeness: Vec<f64>,
    /// As [`closeness_harmonic`] (summed as 1/d times the number of sources at distance d, so
    /// it may differ from it in the last bits).
    pub harmonic: Vec<f64>,
}

/// Exact betweenness, closeness and harmonic centrality together: the searches Brandes'
/// algorithm runs from every source also give every distance d(s, t), and the incoming
/// closeness of t needs exactly the d(s, t) over all s — so one pass does the work of two
/// (a 5,000-node network: 3.6 s → 2.1 s in the browser, before the searches were batched).
/// On up to `threads` threads, with the same results for any number.
///
/// # Complexity
/// O(n · (n + m)).
pub fn all_paths(g: &Graph, threads: Threads) -> AllPaths {
    let n = g.node_count();
    let src: Vec<usize> = (0..n).collect();
    let (mut bc, reached) = brandes(g, &src, true, threads);
    normalize_betweenness(&mut bc, n);
    let Reached { total, count, harmonic } = reached.unwrap_or_else(|| Reached::new(n));
    let closeness = (0..n)
        .map(|u| {
            let r = count[u] as f64;
            if total[u] > 0 && n > 1 { r / total[u] as f64 * (r / (n as f64 - 1.0)) } else { 0.0 }
        })
        .collect();
    AllPaths { betweenness: bc, closeness, harmonic }
}

/// What the searches of [`brandes`] tell about the distances at which each node is reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    /// Σ d(s, t) over the sources s ≠ t that reach t (exact: integers).
    pub total: Vec<u64>,
    /// How many sources s ≠ t reach t.
    pub count: Vec<u32>,
    /// Σ 1 / d(s, t), summed per batch as 1/d times the number of its sources at distance d.
    pub harmonic: Vec<f64>,
}

impl Reached {
    /// Zero sums for `n` nodes.
    pub fn new(n: usize) -> Reached {
        Reached { total: vec![0; n], count: vec![0; n], harmonic: vec![0.0; n] }
    }

    fn add(&mut self, other: &Reached) {
        for (a, b) in self.total.iter_mut().zip(&other.total) {
            *a += b;
        }
        for (a, b) in self.count.iter_mut().zip(&other.count) {
            *a += b;
        }
        for (a, b) in self.harmonic.iter_mut().zip(&other.harmonic) {
            *a += b;
        }
    }

    /// The same sums listed by node instead of by internal number.
    fn by_node(&self, h: &ByDegree) -> Reached {
        Reached {
            total: h.to_nodes(&self.total),
            count: h.to_nodes(&self.count),
            harmonic: h.to_nodes(&self.harmonic),
        }
    }
}

/// The out-lists with nodes renumbered by decreasing degree: the searches touch hubs most, and
/// with their counters side by side in a few cache lines the exact pass runs about 13% faster
/// (5,000/50,000, native). Sorted by (degree, node), so the numbering is deterministic.
struct ByDegree {
    off: Vec<u32>,
    adj: Vec<u32>,
    /// Node of each internal number.
    node: Vec<u32>,
    /// Internal number of each node.
    number: Vec<u32>,
}

impl ByDegree {
    fn new(g: &Graph) -> ByDegree {
        let n = g.node_count();
        let mut node: Vec<u32> = (0..n as u32).collect();
        node.sort_by_key(|&v| (std::cmp::Reverse(g.out(v as usize).len() + g.inn(v as usize).len()), v));
        let mut number = vec![0u32; n];
        for (i, &v) in node.iter().enumerate() {
            number[v as usize] = i as u32;
        }
        let mut off = Vec::with_capacity(n + 1);
        let mut adj = Vec::with_capacity(g.edge_count());
        off.push(0);
        for &v in &node {
            let start = adj.len();
            adj.extend(g.out(v as usize).iter().map(|&w| number[w as usize]));
            // Each list in increasing order, so a node's neighbours are visited in memory order.
            adj[start..].sort_unstable();
            off.push(adj.len() as u32);
        }
        ByDegree { off, adj, node, number }
    }

    /// The renumbering of [`PassJob::from_parts`]: `None` unless `number` is a permutation
    /// and the lists index nodes.
    fn from_parts(off: Vec<u32>, adj: Vec<u32>, number: Vec<u32>) -> Option<ByDegree> {
        let n = number.len();
        let mut node = vec![u32::MAX; n];
        for (v, &i) in number.iter().enumerate() {
            let slot = node.get_mut(i as usize).filter(|slot| **slot == u32::MAX)?;
            *slot = v as u32;
        }
        let lists_fit = off.len() == n + 1
            && off.first() == Some(&0)
            && off.windows(2).all(|w| w[0] <= w[1])
            && off.last().is_some_and(|&e| e as usize == adj.len())
            && adj.iter().all(|&w| (w as usize) < n);
        lists_fit.then_some(ByDegree { off, adj, node, number })
    }

    fn out(&self, v: usize) -> &[u32] {
        &self.adj[self.off[v] as usize..self.off[v + 1] as usize]
    }

    /// Values listed by internal number, listed by node instead.
    fn to_nodes<T: Copy + Default>(&self, values: &[T]) -> Vec<T> {
        let mut out = vec![T::default(); values.len()];
        for (v, &x) in values.iter().enumerate() {
            out[self.node[v] as usize] = x;
        }
        out
    }
}

/// Bytes of per-source counters one batch of [`brandes`] may hold (σ, then (1 + δ) / σ, per node
/// and source): the batch is as wide as fits, up to [`MAX_BATCH`] sources.
const BATCH_BYTES: usize = 16 << 20;
/// Widest batch: 64 sources, one bit each of a `u64` mask per node (on 5,000/50,000, native:
/// 8 sources 0.92 s, 16 0.66 s, 32 0.49 s, 64 0.38 s; one search per source 1.5 s).
const MAX_BATCH: usize = 64;

/// Calls `f` with the index of every set bit of `mask`, lowest first.
#[inline]
fn each_bit(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        f(mask.trailing_zeros() as usize);
        mask &= mask - 1;
    }
}

/// One batch's share of [`brandes`]' sums, by internal number.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Each node's summed dependencies from the batch's sources.
    pub bc: Vec<f64>,
    /// With distances: the batch's [`Reached`] sums.
    pub reached: Option<Reached>,
}

/// One thread's working memory for the searches of [`brandes`].
pub struct Scratch {
    /// Per node and source of the batch: σ while searching, then (1 + δ) / σ. Not cleared between
    /// batches: a batch writes each value before it reads it.
    val: Vec<f64>,
    /// Sources of the batch that reached each node, at this level or before.
    seen: Vec<u64>,
    /// Sources whose search is at each node at the current level (in the accumulation: the
    /// level below the current one).
    front: Vec<u64>,
    next: Vec<u64>,
    /// Per level: the nodes first reached at it, each with the sources that reached it.
    levels: Vec<Vec<(u32, u64)>>,
    pull: Vec<f64>,
}

impl Scratch {
    fn new(n: usize, width: usize) -> Scratch {
        Scratch {
            val: vec![0.0; n * width],
            seen: vec![0; n],
            front: vec![0; n],
            next: vec![0; n],
            levels: Vec::new(),
            pull: vec![0.0; width],
        }
    }
}

/// Brandes' accumulation from each of `src`, unnormalized, and with `paths` the distances at
/// which each node is reached ([`Reached`]), on up to `threads` threads — or, when sums of
/// this very job were handed over ([`with_computed`]: the page's pool of workers ran its
/// batches), those sums.
///
/// Written for speed, as this is the one step of an exact analysis that takes seconds. The
/// searches run in batches of up to 64 sources at once, level by level (multi-source BFS, Then
/// et al. 2014, "The more the merrier"): each node holds a bit mask of the sources whose
/// search reached it, so an edge is scanned once per level for the whole batch instead of once
/// per source, and an edge to a node every source of the batch has already reached costs one
/// AND. In a small-world network the searches of a batch share their few levels, so most edge
/// scans are shared (5,000/50,000: 3× faster than one search per source). The counters are
/// per node and source, side by side: σ(v) while searching, then (1 + δ(v)) / σ(v); the
/// accumulation pulls each node's dependency from its successors (δ(v) = σ(v) Σ (1 + δ(w)) /
/// σ(w) over successors w, in adjacency order). σ counts paths exactly (integers in an `f64`),
/// whatever the order of its sums. Nodes are renumbered by degree ([`ByDegree`]).
///
/// Each batch sums its sources' dependencies in source order into a score vector of its own,
/// and the batches' vectors are added in batch order ([`par::ordered`], [`PassSums::add`]);
/// the batches depend only on the graph, so the scores are the same bits for any number of
/// threads or workers.
fn brandes(g: &Graph, src: &[usize], paths: bool, threads: Threads) -> (Vec<f64>, Option<Reached>) {
    let job = PassJob::new(g, src, paths);
    let sums = take_computed(job.key).unwrap_or_else(|| job.run(threads));
    (job.h.to_nodes(&sums.bc), sums.reached.map(|r| r.by_node(&job.h)))
}

/// One pass of [`brandes`]' searches as a job that other workers can share: the renumbered
/// graph, the sources and the batch width. Batch `i` is sources `i·width..(i+1)·width`; its
/// [`Part`] depends only on the job, and the sums are the parts added in batch order.
pub struct PassJob {
    h: ByDegree,
    /// The sources, in order.
    pub sources: Vec<u32>,
    /// Sources per batch.
    pub width: usize,
    /// Whether the searches also sum distances ([`Reached`]).
    pub paths: bool,
    /// A fingerprint of everything above: sums handed over for a pass are used only by the
    /// pass with the same key.
    pub key: u64,
}

impl PassJob {
    /// The pass of [`brandes`] from `src` over `g`.
    pub fn new(g: &Graph, src: &[usize], paths: bool) -> PassJob {
        let n = g.node_count();
        let width = (BATCH_BYTES / 8 / n.max(1)).clamp(1, MAX_BATCH);
        let sources = src.iter().map(|&s| s as u32).collect();
        PassJob::with(ByDegree::new(g), sources, width, paths)
    }

    fn with(h: ByDegree, sources: Vec<u32>, width: usize, paths: bool) -> PassJob {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&h.off, &h.adj, &h.number, &sources, width, paths).hash(&mut hasher);
        PassJob { key: hasher.finish(), h, sources, width, paths }
    }

    /// The job as another worker received it ([`PassJob::parts`]); `None` if the arrays do
    /// not make one (a renumbering that is not a permutation, lists outside the nodes, a
    /// source that is not a node, no width).
    pub fn from_parts(
        [off, adj, number, sources]: [Vec<u32>; 4],
        width: usize,
        paths: bool,
    ) -> Option<PassJob> {
        let h = ByDegree::from_parts(off, adj, number)?;
        let fits = width > 0 && sources.iter().all(|&s| (s as usize) < h.node.len());
        fits.then(|| PassJob::with(h, sources, width, paths))
    }

    /// The renumbered out-lists (offsets, targets), the renumbering and the sources.
    pub fn parts(&self) -> [&[u32]; 4] {
        [&self.h.off, &self.h.adj, &self.h.number, &self.sources]
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.h.node.len()
    }

    /// Number of batches.
    pub fn batches(&self) -> usize {
        self.sources.len().div_ceil(self.width)
    }

    /// Edge scans of the pass, about: sources × (nodes + ties).
    pub fn work(&self) -> f64 {
        self.sources.len() as f64 * (self.nodes() + self.h.adj.len()) as f64
    }

    /// Working memory for [`PassJob::batch`].
    pub fn scratch(&self) -> Scratch {
        Scratch::new(self.nodes(), self.width)
    }

    /// The part of batch `i` (empty past the last batch).
    pub fn batch(&self, i: usize, scratch: &mut Scratch) -> Part {
        let start = (i * self.width).min(self.sources.len());
        let end = (start + self.width).min(self.sources.len());
        let batch: Vec<usize> = self.sources[start..end].iter().map(|&s| s as usize).collect();
        search_batch(&self.h, &batch, self.width, self.paths, scratch)
    }

    /// Every batch on up to `threads` threads, added in batch order.
    fn run(&self, threads: Threads) -> PassSums {
        let mut sums = PassSums::new(self);
        par::ordered(
            threads,
            self.batches(),
            || self.scratch(),
            |s, i| self.batch(i, s),
            |_, part| sums.add(&part),
        );
        sums
    }
}

/// The sums of a [`PassJob`] (by internal number): its batches' [`Part`]s added in batch order.
#[derive(Debug, Clone, PartialEq)]
pub struct PassSums {
    bc: Vec<f64>,
    reached: Option<Reached>,
}

impl PassSums {
    /// Zero sums for `job`.
    pub fn new(job: &PassJob) -> PassSums {
        let n = job.nodes();
        PassSums { bc: vec![0.0; n], reached: job.paths.then(|| Reached::new(n)) }
    }

    /// Adds the next batch's part (parts of another length or kind are not added: they
    /// cannot belong to this job).
    pub fn add(&mut self, part: &Part) {
        if part.bc.len() != self.bc.len() {
            return;
        }
        for (a, b) in self.bc.iter_mut().zip(&part.bc) {
            *a += b;
        }
        if let (Some(all), Some(part)) = (self.reached.as_mut(), &part.reached) {
            all.add(part);
        }
    }
}

thread_local! {
    /// Sums of passes computed elsewhere, by [`PassJob::key`] (see [`with_computed`]).
    static COMPUTED: Handover<PassSums> = const { Handover::new("passes") };
}

/// Runs `f` with the sums of passes computed elsewhere at hand: a pass of [`brandes`] whose
/// job has one of these keys takes its sums instead of searching. The page's analysis worker
/// runs the analysis this way after its pool of workers ran the batches (`crate::worker`);
/// the sums are the same bits [`PassJob::run`] gives, as the parts were added in batch order.
pub fn with_computed<T>(sums: Vec<(u64, PassSums)>, f: impl FnOnce() -> T) -> T {
    Handover::with(&COMPUTED, sums, f)
}

fn take_computed(key: u64) -> Option<PassSums> {
    Handover::take(&COMPUTED, || key, |_| true)
}

/// The searches and accumulation of one batch of [`brandes`]; leaves `s` ready for the next
/// batch (`val` keeps values no later batch reads before writing).
fn search_batch(h: &ByDegree, batch: &[usize], width: usize, paths: bool, s: &mut Scratch) -> Part {
    let n = h.node.len();
    let Scratch { val, seen, front, next, levels, pull } = s;
    let mut bc = vec![0f64; n];
    let mut current: Vec<(u32, u64)> = Vec::with_capacity(batch.len());
    for (b, &s) in batch.iter().enumerate() {
        let s = h.number[s] as usize;
        if front[s] == 0 {
            current.push((s as u32, 0));
        }
        front[s] |= 1 << b;
        seen[s] |= 1 << b;
        val[s * width + b] = 1.0;
    }
    for e in current.iter_mut() {
        e.1 = front[e.0 as usize];
    }
    loop {
        let mut found: Vec<(u32, u64)> = Vec::new();
        for &(v, fv) in &current {
            let v = v as usize;
            for &w in h.out(v) {
                let w = w as usize;
                let new = fv & !seen[w];
                if new != 0 {
                    if next[w] == 0 {
                        found.push((w as u32, 0));
                    }
                    // σ of a source's first path to w is set, later ones added: `val` is not
                    // cleared between batches (clearing 64 values per node and batch was 5 % of
                    // the pass), and x is 0.0 + x bit for bit, so the sums are unchanged.
                    let first = new & !next[w];
                    next[w] |= new;
                    each_bit(first, |b| val[w * width + b] = val[v * width + b]);
                    each_bit(new & !first, |b| val[w * width + b] += val[v * width + b]);
                }
            }
        }
        for &(v, _) in &current {
            front[v as usize] = 0;
        }
        levels.push(current);
        if found.is_empty() {
            break;
        }
        for e in found.iter_mut() {
            let w = e.0 as usize;
            e.1 = next[w];
            seen[w] |= next[w];
            front[w] = next[w];
            next[w] = 0;
        }
        current = found;
    }
    let reached = paths.then(|| {
        let mut r = Reached::new(n);
        for (d, level) in levels.iter().enumerate().skip(1) {
            for &(t, mask) in level {
                let (t, count) = (t as usize, mask.count_ones());
                r.total[t] += d as u64 * u64::from(count);
                r.count[t] += count;
                r.harmonic[t] += 1.0 / d as f64 * f64::from(count);
            }
        }
        r
    });
    for d in (1..levels.len()).rev() {
        if let Some(below) = levels.get(d + 1) {
            for &(w, mask) in below {
                front[w as usize] = mask;
            }
        }
        for &(v, mv) in &levels[d] {
            let v = v as usize;
            each_bit(mv, |b| pull[b] = 0.0);
            for &w in h.out(v) {
                let w = w as usize;
                each_bit(mv & front[w], |b| pull[b] += val[w * width + b]);
            }
            each_bit(mv, |b| {
                let sigma = val[v * width + b];
                let delta = sigma * pull[b];
                bc[v] += delta;
                val[v * width + b] = (1.0 + delta) / sigma;
            });
        }
        if let Some(below) = levels.get(d + 1) {
            for &(w, _) in below {
                front[w as usize] = 0;
            }
        }
    }
    // Only `seen` is cleared: every `val` read is of a value this batch wrote.
    for level in levels.drain(..) {
        for (v, _) in level {
            seen[v as usize] = 0;
        }
    }
    Part { bc, reached }
}

/// The sources a betweenness run uses: all nodes, or a seeded sample of `k`.
pub fn source_list(n: usize, sources: Sources) -> Vec<usize> {
    match sources {
        Sources::Sample { k, seed } if k < n => {
            let mut all: Vec<usize> = (0..n).collect();
            Rng::new(seed).shuffle(&mut all);
            all.truncate(k);
            all
        }
        _ => (0..n).collect(),
    }
}

/// Directed normalization 1 / ((n − 1)(n − 2)), rescaled by n / s for s sampled sources.
pub fn normalize_betweenness(bc: &mut [f64], used: usize) {
    let n = bc.len();
    if n > 2 {
        let mut scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        if used < n && used > 0 {
            scale *= n as f64 / used as f64;
        }
        for b in bc.iter_mut() {
            *b *= scale;
        }
    }
}

/// networkx `closeness_centrality` (incoming distances, Wasserman–Faust scaling) and
/// `harmonic_centrality` (Σ 1/d(v, u) over nodes v that reach u), from one BFS per node on the
/// reversed graph, on up to `threads` threads (each node's values come from its own search, so
/// they are the same for any number).
///
/// # Complexity
/// O(n · (n + m)).
pub fn closeness_harmonic(g: &Graph, threads: Threads) -> (Vec<f64>, Vec<f64>) {
    let n = g.node_count();
    let pieces = par::ranges(n, NODES_PER_PIECE);
    let scratch = || (vec![u32::MAX; n], Vec::with_capacity(n), VecDeque::new());
    let parts = par::map(threads, pieces.len(), scratch, |(dist, seen, queue), i| {
        pieces[i].clone().map(|u| incoming_distances(g, u, dist, seen, queue)).collect::<Vec<_>>()
    });
    parts.into_iter().flatten().unzip()
}

/// Nodes per piece of work of a computation with one search per node.
pub(crate) const NODES_PER_PIECE: usize = 64;

/// Closeness and harmonic centrality of `u` from a BFS on the reversed graph; `dist` (all
/// `u32::MAX`), `seen` and `queue` are scratch space, left as found.
fn incoming_distances(
    g: &Graph,
    u: usize,
    dist: &mut [u32],
    seen: &mut Vec<usize>,
    queue: &mut VecDeque<usize>,
) -> (f64, f64) {
    let n = g.node_count();
    dist[u] = 0;
    seen.push(u);
    queue.push_back(u);
    let mut total = 0u64;
    let mut h = 0f64;
    while let Some(v) = queue.pop_front() {
        for &w in g.inn(v) {
            let w = w as usize;
            if dist[w] == u32::MAX {
                dist[w] = dist[v] + 1;
                total += dist[w] as u64;
                h += 1.0 / dist[w] as f64;
                seen.push(w);
                queue.push_back(w);
            }
        }
    }
    let reach = seen.len() as f64;
    for &v in seen.iter() {
        dist[v] = u32::MAX;
    }
    seen.clear();
    let closeness = if total > 0 && n > 1 {
        (reach - 1.0) / total as f64 * ((reach - 1.0) / (n as f64 - 1.0))
    } else {
        0.0
    };
    (closeness, h)
}

/// networkx `eigenvector_centrality` on the undirected version: power iteration on A + I from
/// a uniform start, Euclidean normalization, stopping when Σ|Δx| < n · `tol`.
/// `None` when it does not converge in `max_iter` iterations (networkx raises).
pub fn eigenvector(g: &Graph, tol: f64, max_iter: usize) -> Option<Vec<f64>> {
    let n = g.node_count();
    if n == 0 {
        return Some(Vec::new());
    }
    let mut x = vec![1.0 / n as f64; n];
    for _ in 0..max_iter {
        let last = x.clone();
        for v in 0..n {
            for &w in g.und(v) {
                x[w as usize] += last[v];
            }
        }
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let norm = if norm == 0.0 { 1.0 } else { norm };
        for v in &mut x {
            *v /= norm;
        }
        let err: f64 = x.iter().zip(&last).map(|(a, b)| (a - b).abs()).sum();
        if err < n as f64 * tol {
            return Some(x);
        }
    }
    None
}

/// networkx `pagerank(alpha)`: uniform teleport, dangling nodes redistribute uniformly, ties
/// weighted by `weights` (or 1), stopping when Σ|Δx| < n · `tol`. `None` without convergence.
///
/// # Complexity
/// O(iterations · (n + m)).
pub fn pagerank(g: &Graph, alpha: f64, tol: f64, max_iter: usize, weighted: bool) -> Option<Vec<f64>> {
    let n = g.node_count();
    if n == 0 {
        return Some(Vec::new());
    }
    let nf = n as f64;
    let out_strength: Vec<f64> = (0..n)
        .map(|v| if weighted { g.out_weights(v).iter().sum() } else { g.out(v).len() as f64 })
        .collect();
    let mut x = vec![1.0 / nf; n];
    let mut next = vec![0f64; n];
    for _ in 0..max_iter {
        let dangling: f64 = (0..n).filter(|v| out_strength[*v] == 0.0).map(|v| x[v]).sum();
        let base = (1.0 - alpha) / nf + alpha * dangling / nf;
        for v in next.iter_mut() {
            *v = base;
        }
        for v in 0..n {
            if out_strength[v] == 0.0 {
                continue;
            }
            let share = alpha * x[v] / out_strength[v];
            for (k, &w) in g.out(v).iter().enumerate() {
                let wt = if weighted { g.out_weights(v)[k] } else { 1.0 };
                next[w as usize] += share * wt;
            }
        }
        let err: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if err < nf * tol {
            return Some(x);
        }
    }
    None
}

/// networkx `core_number` on the undirected version (Batagelj–Zaversnik bucket algorithm).
///
/// # Complexity
/// O(n + m).
pub fn coreness(g: &Graph) -> Vec<usize> {
    let n = g.node_count();
    let mut deg: Vec<usize> = (0..n).map(|v| g.und(v).len()).collect();
    let md = deg.iter().copied().max().unwrap_or(0);
    let mut bin = vec![0usize; md + 2];
    for &d in &deg {
        bin[d] += 1;
    }
    let mut start = 0;
    for b in bin.iter_mut() {
        let c = *b;
        *b = start;
        start += c;
    }
    let mut pos = vec![0usize; n];
    let mut vert = vec![0usize; n];
    for v in 0..n {
        pos[v] = bin[deg[v]];
        vert[pos[v]] = v;
        bin[deg[v]] += 1;
    }
    for d in (1..=md).rev() {
        bin[d] = bin[d - 1];
    }
    bin[0] = 0;
    for i in 0..n {
        let v = vert[i];
        for &u in g.und(v) {
            let u = u as usize;
            if deg[u] > deg[v] {
                let du = deg[u];
                let pu = pos[u];
                let pw = bin[du];
                let w = vert[pw];
                if u != w {
                    pos[u] = pw;
                    vert[pu] = w;
                    pos[w] = pu;
                    vert[pw] = u;
                }
                bin[du] += 1;
                deg[u] -= 1;
            }
        }
    }
    deg
}

/// networkx `constraint` (Burt) on the undirected, unweighted version:
/// c(v) = Σ_{w ∈ N(v)} (p_vw + Σ_{q ∈ N(v)} p_vq p_qw)², p_vw = 1 / deg(v).
/// `None` for isolates (networkx gives NaN).
pub fn constraint(g: &Graph) -> Vec<Option<f64>> {
    let n = g.node_count();
    let degree: Vec<usize> = (0..n).map(|v| g.und(v).len()).collect();
    // mark[q] == v + 1 when q neighbours v: a common neighbour of v and w is then found by one
    // scan of w's list (no merge of two lists), in the same ascending order of q.
    let mut mark = vec![0usize; n];
    (0..n)
        .map(|v| {
            let nv = g.und(v);
            if nv.is_empty() {
                return None;
            }
            for &q in nv {
                mark[q as usize] = v + 1;
            }
            let pv = 1.0 / nv.len() as f64;
            let mut c = 0.0;
            for &w in nv {
                let mut indirect = 0.0;
                for &q in g.und(w as usize) {
                    let q = q as usize;
                    if mark[q] == v + 1 {
                        indirect += pv / degree[q] as f64;
                    }
                }
                c += (pv + indirect).powi(2);
            }
            Some(c)
        })
        .collect()
}

/// Freeman centralization: Σ (max − x_i) / `max_sum`, where `max_sum` is the largest value
/// the sum can take (the star graph's); `None` when undefined. The result lies in [0, 1] when
/// `max_sum` is that bound; it is capped at 1 because sampled betweenness is an estimate that
/// can slightly exceed the bound.
pub fn centralization(values: &[f64], max_sum: f64) -> Option<f64> {
    if values.is_empty() || max_sum <= 0.0 {
        return None;
    }
    let max = values.iter().copied().fold(f64::MIN, f64::max);
    finite(values.iter().map(|v| max - v).sum::<f64>() / max_sum).map(|c| c.clamp(0.0, 1.0))
}
