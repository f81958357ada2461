//! The node metrics of a relation that need nothing but its graph and the network settings —
//! clustering, eigenvector centrality, constraint, communities, HITS, the core–periphery fit,
//! components, coreness, cut vertices, and the degree assortativity — computed together
//! ([`GraphOnly::compute`]) so that they can be computed elsewhere.
//!
//! On a large network they are seconds of work (100,000/1,000,000: about 2.2 s in the page)
//! that wait for nothing but the graph. The page's pool of workers computes them while the
//! analysis worker runs the passes of Brandes' searches (`crate::worker::passes`), and the
//! analysis takes them ([`with_handed`]) instead of computing them again. Each is a pure
//! function of the graph (the communities of its seed too), so the numbers are the same bits
//! wherever they are computed; a [`key`] ties the handed-over metrics to the graph and
//! settings they were computed for.

use std::hash::{Hash, Hasher};

use super::graph::Graph;
use super::{NetworkOptions, Timer, community, coreperiphery, metrics, structure};
use crate::handover::Handover;
use crate::report::CorePeriphery;

/// The timing keys of the metrics, in [`GraphOnly::ms`]'s order.
pub const KEYS: [&str; 9] = [
    "clustering",
    "eigenvector",
    "constraint",
    "communities",
    "hits",
    "core_periphery",
    "components",
    "coreness",
    "cut_vertices",
];

/// What the graph-only metrics depend on besides the graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub community: community::Method,
    pub resolution: f64,
    pub seed: u64,
}

impl Settings {
    /// The settings `options` computes these metrics with.
    pub fn of(options: &NetworkOptions) -> Settings {
        Settings { community: options.community, resolution: options.resolution, seed: options.seed }
    }
}

/// The graph-only node metrics of one graph, each in node order.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphOnly {
    pub triangles: Vec<usize>,
    pub clustering: Vec<f64>,
    /// `None` when the power iteration did not converge.
    pub eigenvector: Option<Vec<f64>>,
    pub constraint: Vec<Option<f64>>,
    pub community: Vec<usize>,
    pub modularity: Option<f64>,
    /// Hubs and authorities; `None` when not converged.
    pub hits: Option<(Vec<f64>, Vec<f64>)>,
    pub core_scores: Vec<f64>,
    pub in_core: Vec<bool>,
    pub core_periphery: CorePeriphery,
    /// Weakly and strongly connected components (ids from 0).
    pub weak: Vec<usize>,
    pub strong: Vec<usize>,
    pub coreness: Vec<usize>,
    /// Articulation points of the undirected version.
    pub cut: Vec<bool>,
    pub degree_assortativity: Option<f64>,
    /// Milliseconds each took, in [`KEYS`]' order.
    pub ms: [f64; 9],
}

impl GraphOnly {
    /// Computes every graph-only metric of `g`, timing each with `clock` (milliseconds).
    pub fn compute(g: &Graph, settings: Settings, clock: &dyn Fn() -> f64) -> GraphOnly {
        let mut timer = Timer::new(clock);
        let (triangles, clustering) = timer.time(KEYS[0], || {
            let tri = metrics::triangles(g);
            let c = metrics::clustering(g, &tri);
            (tri, c)
        });
        let eigenvector = timer.time(KEYS[1], || metrics::eigenvector(g, 1e-9, 10_000));
        let constraint = timer.time(KEYS[2], || metrics::constraint(g));
        let (community, modularity) = timer.time(KEYS[3], || {
            let c = community::detect(g, settings.community, settings.resolution, settings.seed);
            let q = community::modularity(g, &c, 1.0);
            (c, q)
        });
        let hits = timer.time(KEYS[4], || structure::hits(g, 1e-10, 10_000));
        // The continuous fit starts from the eigenvector centralities.
        let (core_scores, in_core, core_periphery) = timer.time(KEYS[5], || {
            let budget = coreperiphery::sweep_budget(g.node_count(), g.undirected_edge_count());
            let (c, converged) = coreperiphery::continuous(g, 1e-10, budget, eigenvector.as_deref());
            let (core, summary) = coreperiphery::discrete(g, &c, converged);
            (c, core, summary)
        });
        // Each a few tens of milliseconds at 1,000,000 ties: here, the pool computes them while
        // the passes run instead of the analysis after them, alone on its core.
        let weak = timer.time(KEYS[6], || metrics::weak_components(g));
        let strong = timer.time(KEYS[6], || metrics::strong_components(g));
        let coreness = timer.time(KEYS[7], || metrics::coreness(g));
        let cut = timer.time(KEYS[8], || structure::articulation_points(g));
        let degree_assortativity = structure::degree_assortativity(g);
        let ms = KEYS.map(|k| timer.ms.get(k).copied().unwrap_or(0.0));
        GraphOnly {
            triangles,
            clustering,
            eigenvector,
            constraint,
            community,
            modularity,
            hits,
            core_scores,
            in_core,
            core_periphery,
            weak,
            strong,
            coreness,
            cut,
            degree_assortativity,
            ms,
        }
    }

    /// Whether every per-node list has `n` entries (metrics read back from elsewhere are used
    /// only for a graph of their size).
    pub fn fits(&self, n: usize) -> bool {
        let hits = self.hits.as_ref().is_none_or(|(h, a)| h.len() == n && a.len() == n);
        self.triangles.len() == n
            && self.clustering.len() == n
            && self.eigenvector.as_ref().is_none_or(|e| e.len() == n)
            && self.constraint.len() == n
            && self.community.len() == n
            && hits
            && self.core_scores.len() == n
            && self.in_core.len() == n
            && [&self.weak, &self.strong, &self.coreness].iter().all(|c| c.len() == n)
            && self.cut.len() == n
    }
}

/// A fingerprint of `g` and `settings`: metrics handed over for one graph are taken only by
/// the same graph with the same settings.
pub fn key(g: &Graph, settings: Settings) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    g.fingerprint().hash(&mut hasher);
    (settings.community.as_str(), settings.resolution.to_bits(), settings.seed).hash(&mut hasher);
    hasher.finish()
}

thread_local! {
    /// Metrics computed elsewhere, by [`key`] (see [`with_handed`]).
    static HANDED: Handover<GraphOnly> = const { Handover::new("graph-only metrics") };
}

/// Runs `f` with graph-only metrics computed elsewhere at hand: the analysis of a graph whose
/// [`key`] is among them takes them ([`take`]) instead of computing them.
pub fn with_handed<T>(handed: Vec<(u64, GraphOnly)>, f: impl FnOnce() -> T) -> T {
    Handover::with(&HANDED, handed, f)
}

/// The metrics handed over for `g` with `settings`, if any (each is taken once).
pub fn take(g: &Graph, settings: Settings) -> Option<GraphOnly> {
    Handover::take(&HANDED, || key(g, settings), |m| m.fits(g.node_count()))
}
