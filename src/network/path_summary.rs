//! The path-length summary of a relation's largest component (`structure::paths`) as a unit
//! that can be computed elsewhere: on a large network it is a few hundred milliseconds of
//! breadth-first searches that need nothing but the graph and the sampling, so the page's pool
//! computes it while the analysis worker runs the passes (`crate::worker::measures`), and the
//! analysis takes it ([`with_handed`]) instead of searching again. A [`key`] ties it to the
//! graph and sampling it was computed for; the numbers are the same bits wherever computed.

use std::hash::{Hash, Hasher};

use super::graph::Graph;
use super::{NetworkOptions, metrics, structure};
use crate::handover::Handover;
use crate::report::PathSummary;
use crate::stats::par::Threads;

/// Sources searched when the component is above the exact limit.
pub const SAMPLES: usize = 200;

/// What the summary depends on besides the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sampling {
    /// Every node of the component is a source up to this many nodes; above, [`SAMPLES`].
    pub exact_max: usize,
    pub seed: u64,
}

impl Sampling {
    pub fn of(options: &NetworkOptions) -> Sampling {
        Sampling { exact_max: options.exact_paths_max_nodes, seed: options.seed }
    }
}

/// The summary of `g`, whose weak components are `weak` (`metrics::weak_components`): handed
/// over if it was computed elsewhere, else searched here.
pub fn summary(g: &Graph, weak: &[usize], sampling: Sampling, threads: Threads) -> Option<PathSummary> {
    take(g, sampling).unwrap_or_else(|| search(g, weak, sampling, threads))
}

/// The summary of `g`, searched here (its weak components found first).
pub fn compute(g: &Graph, sampling: Sampling) -> Option<PathSummary> {
    search(g, &metrics::weak_components(g), sampling, Threads::ONE)
}

fn search(g: &Graph, weak: &[usize], s: Sampling, threads: Threads) -> Option<PathSummary> {
    structure::paths(g, weak, (s.exact_max, SAMPLES, s.seed), threads)
}

/// A fingerprint of `g` and `sampling`.
pub fn key(g: &Graph, sampling: Sampling) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (g.fingerprint(), sampling.exact_max, SAMPLES, sampling.seed).hash(&mut hasher);
    hasher.finish()
}

thread_local! {
    /// Summaries computed elsewhere, by [`key`] (see [`with_handed`]).
    static HANDED: Handover<Option<PathSummary>> = const { Handover::new("path summary") };
}

/// Runs `f` with summaries computed elsewhere at hand: the analysis of a graph whose [`key`]
/// is among them takes its summary ([`summary`]) instead of searching.
pub fn with_handed<T>(handed: Vec<(u64, Option<PathSummary>)>, f: impl FnOnce() -> T) -> T {
    Handover::with(&HANDED, handed, f)
}

fn take(g: &Graph, sampling: Sampling) -> Option<Option<PathSummary>> {
    // A summary of a larger component than the graph has could only come from damaged bytes.
    let fits = |s: &Option<PathSummary>| s.as_ref().is_none_or(|s| s.component_nodes <= g.node_count());
    Handover::take(&HANDED, || key(g, sampling), fits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::generate;

    #[test]
    fn a_summary_handed_over_is_taken_only_for_its_graph_and_sampling() {
        let g = Graph::from_edges(400, &generate::block_model(400, 2_000, 4, 3));
        let other = Graph::from_edges(400, &generate::block_model(400, 2_000, 4, 4));
        let sampling = Sampling { exact_max: 100, seed: 5 };
        let weak = metrics::weak_components(&g);
        let here = summary(&g, &weak, sampling, Threads::ONE);
        assert!(here.as_ref().is_some_and(|s| s.sampled && s.sources == SAMPLES));
        assert_eq!(compute(&g, sampling), here);
        let mut marked = here;
        if let Some(s) = marked.as_mut() {
            s.diameter += 100;
        }
        let handed = vec![(key(&g, sampling), marked)];
        with_handed(handed, || {
            // Another seed or graph searches; the same graph and sampling takes it, once.
            assert_eq!(
                summary(&g, &weak, Sampling { seed: 6, ..sampling }, Threads::ONE).map(|s| s.sources),
                Some(SAMPLES)
            );
            assert_ne!(summary(&other, &metrics::weak_components(&other), sampling, Threads::ONE), marked);
            assert_eq!(summary(&g, &weak, sampling, Threads::ONE), marked);
            assert_eq!(summary(&g, &weak, sampling, Threads::ONE), here);
        });
        // After the run, nothing is at hand.
        assert_eq!(summary(&g, &weak, sampling, Threads::ONE), here);
    }
}
