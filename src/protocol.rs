//! Messages between the page and its analysis worker (plain serde types, no web code).
//!
//! The page sends the files (as transferable byte arrays) with a [`Job`]; the worker answers
//! with a stream of [`WorkerMessage`]s as JSON text: progress, early capacity results, then the
//! full result or an error.
//!
//! The same worker script also lays out one graph live for the network explorer (a separate
//! worker instance per explorer). Those messages are plain objects with typed arrays, not
//! JSON, because they carry up to a million ties and 200,000 positions per frame:
//! - page → worker `{layout: "start", id, n, seed, edges: Uint32Array [s0, t0, s1, t1, …],
//!   weights?: Float64Array}`, then `{layout: "step", id}` for each further slice;
//! - worker → page `{type: "layout", id, done, total, pos: Float32Array [x0, y0, x1, y1, …]}`
//!   after each slice of about [`LAYOUT_SLICE_MS`], positions in the unit square.
//!
//! The page asks for the next slice only after drawing the last one, so frames never queue
//! and pausing is simply not asking.

use serde::{Deserialize, Serialize};

use crate::network::graph::Graph;
use crate::pipeline::Analysis;
use crate::report::Report;

/// Length of one live-layout slice: long enough that posting positions is a small share of
/// the work, short enough that the picture moves several times a second.
pub const LAYOUT_SLICE_MS: f64 = 120.0;

/// A full live layout takes at least this many slices, so that even a small graph (whose
/// whole layout takes a few milliseconds) is seen forming when replayed.
pub const LAYOUT_MIN_FRAMES: usize = 50;

/// Settings of a job sent to the worker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Run number; replies carry it so stale replies can be ignored.
    pub id: u64,
    /// Forced text encoding.
    pub encoding: Option<String>,
    /// Share of a dimension's items needed for a score (default one half).
    pub min_answered_share: Option<f64>,
    /// Grouping variable for within-group percentiles.
    pub group_by: Option<String>,
    /// `none`, `union` or `reciprocal`.
    pub symmetrize: Option<String>,
    /// Use tie weights.
    pub weighted: bool,
    /// Leave out partners who did not respond.
    pub exclude_non_respondents: bool,
    /// Remove nodes without ties.
    pub drop_isolates: bool,
    /// `leiden` or `louvain`.
    #[serde(default)]
    pub community: Option<String>,
    /// Modularity resolution γ (> 0).
    #[serde(default)]
    pub resolution: Option<f64>,
    /// Sampled sources for betweenness on large graphs.
    #[serde(default)]
    pub betweenness_samples: Option<usize>,
    /// Exact betweenness up to this many nodes.
    #[serde(default)]
    pub exact_betweenness_max: Option<usize>,
    /// Seed of sampling, communities and layout.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Anonymize, with this minimum group size.
    #[serde(default)]
    pub anonymize: Option<usize>,
    /// The table kind the user chose for each file (aligned with the files sent).
    #[serde(default)]
    pub kinds: Vec<Option<crate::ingest::TableKind>>,
}

impl Job {
    /// The analysis options this job asks for.
    pub fn options(&self) -> crate::pipeline::Options {
        let mut o =
            crate::pipeline::Options { layout: true, encoding: self.encoding.clone(), ..Default::default() };
        if let Some(share) = self.min_answered_share.filter(|s| (0.0..=1.0).contains(s)) {
            o.capacity.min_answered_share = share;
        }
        o.capacity.group_by = self.group_by.clone();
        if let Some(rule) = self.symmetrize.as_deref().and_then(crate::network::Symmetrize::parse) {
            o.network.symmetrize = rule;
        }
        o.network.weighted = self.weighted;
        o.network.include_non_respondents = !self.exclude_non_respondents;
        o.network.drop_isolates = self.drop_isolates;
        if let Some(m) = self.community.as_deref().and_then(crate::network::community::Method::parse) {
            o.network.community = m;
        }
        if let Some(r) = self.resolution.filter(|r| r.is_finite() && *r > 0.0) {
            o.network.resolution = r;
        }
        if let Some(k) = self.betweenness_samples.filter(|k| *k > 0) {
            o.network.betweenness_samples = k;
        }
        if let Some(n) = self.exact_betweenness_max {
            o.network.exact_betweenness_max_nodes = n;
        }
        o.anonymize = self.anonymize.filter(|k| *k > 0);
        if let Some(seed) = self.seed {
            o.network.seed = seed;
        }
        o
    }
}

/// The ties of one relation, enough to rebuild its graph for drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphData {
    /// Node count.
    pub n: usize,
    /// Directed ties `(source, target)` on node indices.
    pub edges: Vec<(u32, u32)>,
    /// Tie weights, aligned with `edges` (empty: all 1).
    #[serde(default)]
    pub weights: Vec<f64>,
}

impl GraphData {
    /// Extracts the ties of a graph.
    pub fn from_graph(g: &Graph) -> Self {
        let edges = (0..g.node_count()).flat_map(|v| g.out(v).iter().map(move |w| (v as u32, *w))).collect();
        let weights: Vec<f64> = (0..g.node_count()).flat_map(|v| g.out_weights(v).iter().copied()).collect();
        // Unit weights are not sent: the page rebuilds them.
        let weights = if weights.iter().all(|w| *w == 1.0) { Vec::new() } else { weights };
        GraphData { n: g.node_count(), edges, weights }
    }

    /// Rebuilds the graph.
    pub fn to_graph(&self) -> Graph {
        let e: Vec<(u32, u32, f64)> = self
            .edges
            .iter()
            .enumerate()
            .map(|(i, (a, b))| (*a, *b, self.weights.get(i).copied().unwrap_or(1.0)))
            .collect();
        Graph::from_edges(self.n, &e)
    }
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerMessage {
    /// The worker has loaded and listens.
    Ready,
    /// A step started.
    Progress { id: u64, step: String, detail: String, percent: f64 },
    /// Capacity results (the report without network results yet).
    Partial { id: u64, report: Box<Report> },
    /// The whole result.
    Done {
        id: u64,
        report: Box<Report>,
        graphs: Vec<GraphData>,
        layouts: Vec<Vec<(f64, f64)>>,
        #[serde(default)]
        key: Vec<crate::report::anonymize::KeyEntry>,
    },
    /// The files could not be analysed.
    Failed { id: u64, en: String, zh: String },
    /// The worker crashed; it must be replaced.
    Panic { message: String },
}

impl WorkerMessage {
    /// The final message of a successful run.
    pub fn done(id: u64, a: Analysis) -> Self {
        WorkerMessage::Done {
            id,
            graphs: a.relations.iter().map(|r| GraphData::from_graph(&r.graph)).collect(),
            layouts: a.layouts,
            report: Box::new(a.report),
            key: a.key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_data_keeps_tie_weights() {
        let g = Graph::from_edges(3, &[(0, 1, 2.5), (1, 2, 1.0), (2, 0, 4.0)]);
        let back = GraphData::from_graph(&g).to_graph();
        for v in 0..3 {
            assert_eq!(back.out(v), g.out(v));
            assert_eq!(back.out_weights(v), g.out_weights(v));
        }
        let unit = Graph::from_edges(2, &[(0, 1, 1.0)]);
        assert!(GraphData::from_graph(&unit).weights.is_empty(), "unit weights are not sent");
    }

    #[test]
    fn done_message_round_trips_through_json() {
        let opts = crate::pipeline::Options { layout: true, ..Default::default() };
        let a = crate::pipeline::run(&crate::demo::files(), &opts, &|| 0.0).unwrap();
        let edges: Vec<usize> = a.relations.iter().map(|r| r.graph.edge_count()).collect();
        let text = serde_json::to_string(&WorkerMessage::done(7, a)).unwrap();
        let back: WorkerMessage = serde_json::from_str(&text).unwrap();
        let WorkerMessage::Done { id, graphs, report, layouts, .. } = back else { panic!("not done") };
        assert_eq!(id, 7);
        assert_eq!(graphs.iter().map(|g| g.to_graph().edge_count()).collect::<Vec<_>>(), edges);
        assert_eq!(report.input.rows, 120);
        assert_eq!(layouts.len(), graphs.len());
    }
}
