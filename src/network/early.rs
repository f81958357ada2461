//! The node metrics of a relation that need nothing but its graph and the network settings —
//! clustering, components, centralities, constraint, communities — in parts that can be
//! computed ahead of the rest of the analysis.
//!
//! Why: when the page's pool shares a large pass of searches (`crate::worker::passes`), the
//! analysis worker computes these parts between its batches while the pool's workers run the
//! other batches, instead of computing them after the pass while the pool idles. The relation's
//! metrics then take each part computed ahead ([`Early`]) instead of computing it: the same
//! function on the same graph either way, so the report is the same bits (tested).

use super::graph::Graph;
use super::{NetworkOptions, Timer, community, coreperiphery, metrics, structure};
use crate::report::{CorePeriphery, PathSummary};

/// A part of a relation's graph-only node metrics, in the order they are computed ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Clustering,
    Structure,
    Centrality,
    Hits,
    Constraint,
    Communities,
}

/// Every part, in the order [`Early::compute_next`] takes them.
pub const PARTS: [Part; 6] =
    [Part::Clustering, Part::Structure, Part::Centrality, Part::Hits, Part::Constraint, Part::Communities];

/// Triangles, the clustering coefficient and the effective size (from the triangles).
pub(super) struct Clustering {
    pub triangles: Vec<usize>,
    pub clustering: Vec<f64>,
    pub effective_size: Vec<Option<f64>>,
}

/// Components, the path-length summary of the largest one, coreness and cut vertices.
pub(super) struct Structure {
    pub weak: Vec<usize>,
    pub strong: Vec<usize>,
    pub paths: Option<PathSummary>,
    pub coreness: Vec<usize>,
    pub cut: Vec<bool>,
}

/// Eigenvector centrality (`None`: it did not converge), PageRank and the core–periphery fit
/// (which starts from the eigenvector).
pub(super) struct Centrality {
    pub eigenvector: Option<Vec<f64>>,
    pub pagerank: Option<Vec<f64>>,
    pub core_scores: Vec<f64>,
    pub in_core: Vec<bool>,
    pub core_periphery: CorePeriphery,
}

/// The parts of one relation computed so far.
#[derive(Default)]
pub struct Early {
    pub(super) clustering: Option<Clustering>,
    pub(super) structure: Option<Structure>,
    pub(super) centrality: Option<Centrality>,
    pub(super) hits: Option<Option<(Vec<f64>, Vec<f64>)>>,
    pub(super) constraint: Option<Vec<Option<f64>>>,
    pub(super) communities: Option<(Vec<usize>, Option<f64>)>,
}

impl Early {
    fn has(&self, part: Part) -> bool {
        match part {
            Part::Clustering => self.clustering.is_some(),
            Part::Structure => self.structure.is_some(),
            Part::Centrality => self.centrality.is_some(),
            Part::Hits => self.hits.is_some(),
            Part::Constraint => self.constraint.is_some(),
            Part::Communities => self.communities.is_some(),
        }
    }

    /// Computes the first part not computed yet (timed under the report's keys); `false` when
    /// every part is.
    pub fn compute_next(&mut self, g: &Graph, options: &NetworkOptions, timer: &mut Timer) -> bool {
        let Some(part) = PARTS.into_iter().find(|p| !self.has(*p)) else { return false };
        match part {
            Part::Clustering => self.clustering = Some(clustering(g, timer)),
            Part::Structure => self.structure = Some(structure(g, options, timer)),
            Part::Centrality => self.centrality = Some(centrality(g, options, timer)),
            Part::Hits => self.hits = Some(hits(g, timer)),
            Part::Constraint => self.constraint = Some(constraint(g, timer)),
            Part::Communities => self.communities = Some(communities(g, options, timer)),
        }
        true
    }
}

pub(super) fn clustering(g: &Graph, timer: &mut Timer) -> Clustering {
    let (triangles, clustering) = timer.time("clustering", || {
        let tri = metrics::triangles(g);
        let c = metrics::clustering(g, &tri);
        (tri, c)
    });
    let effective_size = timer.time("effective_size", || structure::effective_size_from(g, &triangles));
    Clustering { triangles, clustering, effective_size }
}

pub(super) fn structure(g: &Graph, options: &NetworkOptions, timer: &mut Timer) -> Structure {
    let weak = timer.time("components", || metrics::weak_components(g));
    let strong = timer.time("components", || metrics::strong_components(g));
    let paths = timer.time("paths", || {
        let sampling = (options.exact_paths_max_nodes, 200, options.seed);
        structure::paths(g, &weak, sampling, options.threads)
    });
    let coreness = timer.time("coreness", || metrics::coreness(g));
    let cut = timer.time("cut_vertices", || structure::articulation_points(g));
    Structure { weak, strong, paths, coreness, cut }
}

pub(super) fn centrality(g: &Graph, options: &NetworkOptions, timer: &mut Timer) -> Centrality {
    let n = g.node_count();
    let eigenvector = timer.time("eigenvector", || metrics::eigenvector(g, 1e-9, 10_000));
    let pagerank = timer.time("pagerank", || metrics::pagerank(g, 0.85, 1e-12, 10_000, options.weighted));
    let (core_scores, in_core, core_periphery) = timer.time("core_periphery", || {
        let budget = coreperiphery::sweep_budget(n, g.undirected_edge_count());
        let (c, converged) = coreperiphery::continuous(g, 1e-10, budget, eigenvector.as_deref());
        let (core, summary) = coreperiphery::discrete(g, &c, converged);
        (c, core, summary)
    });
    Centrality { eigenvector, pagerank, core_scores, in_core, core_periphery }
}

pub(super) fn hits(g: &Graph, timer: &mut Timer) -> Option<(Vec<f64>, Vec<f64>)> {
    timer.time("hits", || structure::hits(g, 1e-10, 10_000))
}

pub(super) fn constraint(g: &Graph, timer: &mut Timer) -> Vec<Option<f64>> {
    timer.time("constraint", || metrics::constraint(g))
}

pub(super) fn communities(
    g: &Graph,
    options: &NetworkOptions,
    timer: &mut Timer,
) -> (Vec<usize>, Option<f64>) {
    timer.time("communities", || {
        let c = community::detect(g, options.community, options.resolution, options.seed);
        let q = community::modularity(g, &c, 1.0);
        (c, q)
    })
}
