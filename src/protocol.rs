//! Messages between the page and its workers (plain serde types, no web code).
//!
//! Both directions are enums: [`ToWorker`] from the page, [`WorkerMessage`] from a worker.
//! Each travels as UTF-8 JSON in a transferred byte array (no conversion to and from
//! JavaScript's UTF-16 strings); what JSON cannot or should not carry travels beside it as
//! JavaScript values, its *attachments*, which each variant names: the user's files as
//! `Blob`s (handles: the worker reads them in slices), and large number arrays as transferred
//! typed arrays (`crate::worker::pack` and `unpack` are the envelope).
//!
//! The page sends the files with a [`Job`] ([`ToWorker::Run`]); the worker answers with a
//! stream of [`WorkerMessage`]s: progress, early capacity results, then the full result or an
//! error, and after the result the networks' layouts ([`WorkerMessage::Layouts`]: the page
//! draws the rest while the worker lays the networks out).
//!
//! A report travels without its long lists — organizations, each relation's nodes and
//! introductions, each graph's ties — whose rows follow in [`WorkerMessage::Rows`] of
//! [`ROW_CHUNK`] rows ([`report_messages`]); the page puts them back with an [`Assembler`].
//! Rows travel as bytes in a compact binary form (`protocol/row_bytes.rs`) attached to a
//! [`WorkerMessage::AttachedRows`] ([`attached_rows`], [`with_attached_rows`]). A million-row
//! survey is then a thousand messages of about 120 KB, each read between two user inputs,
//! instead of one 300 MB text that stops the page for many seconds and needs several copies of
//! itself in memory.
//!
//! The same worker script also lays out one graph live for the network explorer (a separate
//! worker instance per explorer): [`ToWorker::LayoutStart`] with the ties attached as typed
//! arrays (up to a million ties), then [`ToWorker::LayoutStep`] for each further slice; the
//! worker answers each slice of about [`LAYOUT_SLICE_MS`] with a [`WorkerMessage::Frame`] and
//! the positions attached (200,000 nodes' positions per frame are not JSON).
//!
//! The page asks for the next slice only after drawing the last one, so frames never queue
//! and pausing is simply not asking.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::export::FileRecipe;
use crate::network::graph::{Graph, SortedTiesSteps};
use crate::pipeline::Analysis;
use crate::report::{Introduction, NodeMetrics, OrgCapacity, Report};
use crate::settings::Settings;

pub mod measure_bytes;
mod row_bytes;

/// Rows per [`WorkerMessage::Rows`] message: about 120 KB of organizations (`row_bytes`'s
/// form), read by the page in a few milliseconds, so the page's reading slices
/// ([`crate::ui`]'s bridge yields after 25 ms) stay short (5,000 network rows took 60 ms to
/// read in one piece as JSON).
pub const ROW_CHUNK: usize = 1_000;

/// Ties per [`Rows::Ties`] message: 400 KB of ends (800 KB with weights), read by the page in
/// a few milliseconds (a million ties in the final message made its reading one task of
/// 0.15 s).
pub const TIE_CHUNK: usize = 50_000;

/// The run id of the worker's warm-up result (`worker::warm`), which the page builds out of
/// sight to compile its own code (`ui::warm`); page runs count up from 1.
pub const WARM_UP_ID: u64 = u64::MAX;

/// Rows of one of a report's long lists, or ties of one of its graphs (they travel as bytes:
/// [`attached_rows`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// `capacity.organizations`.
    Organizations(Vec<OrgCapacity>),
    /// `network.relations[relation].nodes`.
    Nodes { relation: usize, rows: Vec<NodeMetrics> },
    /// `network.relations[relation].suggestions.introductions`.
    Introductions { relation: usize, rows: Vec<Introduction> },
    /// Ties of `graphs[relation]` of a `Done` message, with their weights (none when all are 1).
    Ties { relation: usize, edges: Vec<(u32, u32)>, weights: Vec<f64> },
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Organizations(r) => r.len(),
            Rows::Nodes { rows, .. } => rows.len(),
            Rows::Introductions { rows, .. } => rows.len(),
            Rows::Ties { edges, .. } => edges.len(),
        }
    }

    /// Appends these rows to their list in `report` (or ties to `graphs`) if they continue it
    /// from row `start`, first making room for `room` rows.
    fn append_to(self, report: &mut Report, graphs: &mut [GraphData], start: usize, room: usize) -> bool {
        fn extend<T>(list: &mut Vec<T>, start: usize, rows: Vec<T>, room: usize) -> bool {
            let fits = list.len() == start;
            if fits {
                // `room` is the whole list at its first chunk, 0 after: a list whose length is
                // unknown grows by `extend`'s doubling, never chunk by chunk.
                list.reserve(room);
                list.extend(rows);
            }
            fits
        }
        let relations = &mut report.network.relations;
        match self {
            Rows::Organizations(rows) => extend(&mut report.capacity.organizations, start, rows, room),
            Rows::Nodes { relation, rows } => {
                relations.get_mut(relation).is_some_and(|r| extend(&mut r.nodes, start, rows, room))
            }
            Rows::Introductions { relation, rows } => relations
                .get_mut(relation)
                .and_then(|r| r.suggestions.as_mut())
                .is_some_and(|s| extend(&mut s.introductions, start, rows, room)),
            Rows::Ties { relation, edges, weights } => graphs.get_mut(relation).is_some_and(|g| {
                // Weights come with every chunk (one per tie) or with none.
                let aligned = if weights.is_empty() {
                    g.weights.is_empty()
                } else {
                    weights.len() == edges.len() && g.weights.len() == start
                };
                let fits = aligned && extend(&mut g.edges, start, edges, room);
                if fits {
                    if !weights.is_empty() {
                        g.weights.reserve(room);
                    }
                    g.weights.extend(weights);
                }
                fits
            }),
        }
    }
}

/// Takes a report's long lists and its graphs' ties out, in the order they are sent.
fn take_lists(report: &mut Report, graphs: &mut [GraphData]) -> Vec<Rows> {
    let mut lists = vec![Rows::Organizations(std::mem::take(&mut report.capacity.organizations))];
    for (relation, r) in report.network.relations.iter_mut().enumerate() {
        lists.push(Rows::Nodes { relation, rows: std::mem::take(&mut r.nodes) });
        if let Some(s) = r.suggestions.as_mut() {
            lists.push(Rows::Introductions { relation, rows: std::mem::take(&mut s.introductions) });
        }
    }
    for (relation, g) in graphs.iter_mut().enumerate() {
        let (edges, weights) = (std::mem::take(&mut g.edges), std::mem::take(&mut g.weights));
        lists.push(Rows::Ties { relation, edges, weights });
    }
    lists
}

/// Splits a list into chunks of at most [`ROW_CHUNK`] rows ([`TIE_CHUNK`] ties), each with
/// its first row's index.
fn chunks(list: Rows) -> Vec<(usize, Rows)> {
    fn split<T>(rows: Vec<T>, size: usize, mut wrap: impl FnMut(Vec<T>) -> Rows) -> Vec<(usize, Rows)> {
        let mut out = Vec::new();
        let mut rows = rows.into_iter();
        let mut start = 0;
        loop {
            let chunk: Vec<T> = rows.by_ref().take(size).collect();
            if chunk.is_empty() {
                return out;
            }
            let n = chunk.len();
            out.push((start, wrap(chunk)));
            start += n;
        }
    }
    match list {
        Rows::Organizations(rows) => split(rows, ROW_CHUNK, Rows::Organizations),
        Rows::Nodes { relation, rows } => split(rows, ROW_CHUNK, |rows| Rows::Nodes { relation, rows }),
        Rows::Introductions { relation, rows } => {
            split(rows, ROW_CHUNK, |rows| Rows::Introductions { relation, rows })
        }
        Rows::Ties { relation, edges, weights } => {
            let mut weights = weights.into_iter();
            split(edges, TIE_CHUNK, |edges| {
                let weights = weights.by_ref().take(edges.len()).collect();
                Rows::Ties { relation, edges, weights }
            })
        }
    }
}

/// Length of one live-layout slice: long enough that posting positions is a small share of
/// the work, short enough that the picture moves several times a second.
pub const LAYOUT_SLICE_MS: f64 = 120.0;

/// A full live layout takes at least this many slices, so that even a small graph (whose
/// whole layout takes a few milliseconds) is seen forming when replayed.
pub const LAYOUT_MIN_FRAMES: usize = 50;

/// A message from the page to a worker; its attachments (see the module doc) are named here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum ToWorker<'a> {
    /// Analyse files (analysis worker), replacing nothing: a busy worker is replaced instead.
    /// Attached: one `Blob` per entry of `files`, in order.
    Run { job: Job, files: Vec<FileMeta> },
    /// Analyse the demo survey now, before the first job, so that the worker's code is
    /// compiled when the user's file arrives (see `worker::warm`).
    Warm,
    /// As [`ToWorker::Warm`], but without drawing the charts or laying the networks out after
    /// the result: a job waits for this warm-up (a worker started for it), and the page, warm
    /// already, needs only the worker's code compiled.
    WarmBriefly,
    /// The translation file of `lang`, for a build that does not embed it (the quick analysis
    /// worker, feature `page-locale`): the page sends its own copy before any job.
    Words { lang: crate::i18n::Lang, json: String },
    /// Start laying out a graph of `n` nodes live as layout `id` (analysis worker script, an
    /// instance of its own). Attached: its ties as a `Uint32Array` `[s0, t0, s1, t1, …]` and,
    /// when `weighted`, their weights as a `Float64Array`.
    LayoutStart { id: u64, n: usize, seed: u64, weighted: bool },
    /// Run the next slice of live layout `id`.
    LayoutStep { id: u64 },
    /// Write a file (file worker); the reply is a [`WorkerMessage::File`] with the same `id`.
    Make { id: u64, recipe: Cow<'a, FileRecipe> },
    /// The passes of run `id` a pool worker will run batches of (see [`Pass`]). Attached: per
    /// pass, in order, four `Uint32Array`s (see [`WorkerMessage::Passes`]).
    PassGraphs { id: u64, passes: Vec<Pass> },
    /// Run batch `batch` of pass `pass` of run `id`: a pool worker answers with its part
    /// ([`WorkerMessage::PassPart`]), the analysis worker adds it itself
    /// ([`WorkerMessage::PassAdded`]).
    PassBatch { id: u64, pass: usize, batch: usize },
    /// A batch's part from a pool worker, for the analysis worker to add (attachments as
    /// [`WorkerMessage::PassPart`]'s).
    PassPart { id: u64, pass: usize, batch: usize },
    /// Lay out graph `graph` of run `id` ([`PoolLayout`]) with `seed`. Attached: its ties as
    /// `network::layout::LayoutTies::to_arrays` gives them (`Uint32Array` ends, `Float64Array`
    /// weights). A pool worker answers [`WorkerMessage::LaidOut`]; the analysis worker
    /// (`keep`) keeps the positions for the run's diagrams.
    LayOut { id: u64, graph: usize, n: usize, seed: u64, keep: bool },
    /// A pool worker's layout of graph `graph` of run `id`, for the analysis worker
    /// (attachments as [`WorkerMessage::LaidOut`]'s).
    LaidOut { id: u64, graph: usize, ms: f64 },
    /// Compute a part of the measures of a graph of run `id` ([`PoolMeasure`], [`MeasurePart`]).
    /// Attached: its ties as [`GraphData`] holds them (a `Uint32Array` `[s0, t0, s1, t1, …]`, a
    /// `Float64Array` of weights, empty when all are 1; both empty for the analysis worker,
    /// which holds the graph) and, for the metrics, the introductions' needs (`measure_bytes`,
    /// a `Uint8Array`), for the paths the brokerage groups (a `Uint32Array` of codes + 1, 0
    /// unknown; empty without a brokerage attribute). A pool worker answers
    /// [`WorkerMessage::Measured`]; the analysis worker (`keep`) keeps them.
    Measure { id: u64, measure: PoolMeasure, keep: bool },
    /// A pool worker's part of the measures of graph `graph` of run `id`, for the analysis
    /// worker (`part`, `key` and attachments as [`WorkerMessage::Measured`]'s).
    Measured {
        id: u64,
        graph: usize,
        #[serde(default)]
        part: MeasurePart,
        ms: f64,
        key: u64,
    },
}

/// A graph of a paused run whose graph-only results a pool worker computes while the passes
/// run (`worker::measures`): its index among the run's graphs, which part, its node count and
/// the settings the results depend on (`network::graph_only::Settings`,
/// `network::path_summary::Sampling`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolMeasure {
    pub graph: usize,
    #[serde(default)]
    pub part: MeasurePart,
    pub n: usize,
    /// The community method's report word (`leiden`, `louvain`).
    pub community: String,
    /// The resolution's bits (every bit travels).
    pub resolution: u64,
    pub seed: u64,
    /// `network::path_summary::Sampling::exact_max`.
    #[serde(default)]
    pub exact_paths_max: usize,
}

/// The two parts of a graph's measures, two tasks so that two workers can share them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasurePart {
    /// The graph-only metrics (`network::graph_only`) and the introductions' picks
    /// (`joint::introduce`), which need the communities.
    #[default]
    Metrics,
    /// The searches along paths: the path-length summary (`network::path_summary`), the new
    /// ties (`joint::cultivate::plan_new_ties`) and the brokerage roles' two-paths
    /// (`network::brokerage`).
    Paths,
}

/// A graph of a paused run that a pool worker lays out while the analysis worker goes on
/// (`worker::passes`): its index among the run's graphs, its node count and the layout's seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolLayout {
    pub graph: usize,
    pub n: usize,
    pub seed: u64,
}

/// One pass of Brandes' searches that the page's pool of workers shares out by batches
/// (`network::metrics::PassJob`; its arrays travel as attachments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pass {
    /// Sources per batch.
    pub width: usize,
    /// Number of batches.
    pub batches: usize,
    /// The searches also sum distances.
    pub paths: bool,
}

/// One file of a [`ToWorker::Run`] (its bytes are the attached `Blob`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileMeta {
    /// The file's name.
    pub name: String,
    /// The table kind the user chose for it (`None`: recognize it).
    pub kind: Option<crate::ingest::TableKind>,
    /// The survey round of a responses file (see [`crate::rounds::split::file_rounds`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave: Option<String>,
}

/// An analysis job for the worker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Run number; replies carry it so stale replies can be ignored.
    pub id: u64,
    /// The settings to analyse with (checked by [`Settings::options`] before the run).
    pub settings: Settings,
    /// Draw the charts and diagrams in this language after sending the result
    /// ([`WorkerMessage::Charts`], and the diagrams with the layouts); none without it.
    #[serde(default)]
    pub chart_lang: Option<crate::i18n::Lang>,
    /// Workers the page can add to share large passes of Brandes' searches
    /// ([`WorkerMessage::Passes`]); 0: the analysis worker runs them alone. Never changes the
    /// result.
    #[serde(default)]
    pub pool: usize,
}

/// The ties of one relation, enough to rebuild its graph for drawing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphData {
    /// Node count.
    pub n: usize,
    /// Directed ties `(source, target)` on node indices (a `Done` message's ties travel
    /// apart from it, as [`Rows::Ties`]).
    #[serde(default)]
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

    /// Rebuilds the graph: in linear time from the ties in the order [`GraphData::from_graph`]
    /// lists them (the page's case), else by [`Graph::from_edges`].
    pub fn to_graph(&self) -> Graph {
        let mut steps = SortedTiesSteps::new(self.n, &self.edges, &self.weights);
        while !steps.step(&self.edges, &self.weights, usize::MAX) {}
        self.finish(steps)
    }

    /// The graph [`SortedTiesSteps`] built from these ties, else (ties not in
    /// [`GraphData::from_graph`]'s order) the one [`Graph::from_edges`] builds.
    fn finish(&self, steps: SortedTiesSteps) -> Graph {
        if let Some(g) = steps.finish() {
            return g;
        }
        let e: Vec<(u32, u32, f64)> = self
            .edges
            .iter()
            .enumerate()
            .map(|(i, (a, b))| (*a, *b, self.weights.get(i).copied().unwrap_or(1.0)))
            .collect();
        Graph::from_edges(self.n, &e)
    }
}

/// A `Done` message's graphs rebuilt a bounded piece at a time ([`GraphData::to_graph`] in
/// steps of about `work` ties; the page's `ui::bridge::prepare`): a million ties rebuilt in one
/// piece held the page for 50–90 ms. Each graph's ties are dropped once it is built.
#[derive(Debug)]
pub struct GraphSteps {
    /// The graphs still to build, last first.
    todo: Vec<GraphData>,
    /// The one being built.
    current: Option<(GraphData, SortedTiesSteps)>,
    built: Vec<Graph>,
}

impl GraphSteps {
    /// These graphs, not yet built.
    pub fn new(mut graphs: Vec<GraphData>) -> GraphSteps {
        graphs.reverse();
        GraphSteps { built: Vec::with_capacity(graphs.len()), todo: graphs, current: None }
    }

    /// The next piece of about `work` ties; true once every graph is built
    /// ([`GraphSteps::finish`]).
    pub fn step(&mut self, work: usize) -> bool {
        if self.current.is_none() {
            let Some(data) = self.todo.pop() else { return true };
            let steps = SortedTiesSteps::new(data.n, &data.edges, &data.weights);
            self.current = Some((data, steps));
        }
        if let Some((data, steps)) = self.current.as_mut()
            && steps.step(&data.edges, &data.weights, work)
            && let Some((data, steps)) = self.current.take()
        {
            self.built.push(data.finish(steps));
        }
        self.current.is_none() && self.todo.is_empty()
    }

    /// The graphs, in the order given (once [`GraphSteps::step`] has returned true).
    pub fn finish(self) -> Vec<Graph> {
        self.built
    }
}

/// A message from the worker, as `{"done": {…}}` (`"ready"` for one without data): externally
/// tagged, so the page reads the data directly. An internally tagged enum would first copy
/// every field into a temporary tree (twice the work on a large report), and an adjacently
/// tagged one carries a second reader for a tag after its data (about 40 KB of the page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerMessage {
    /// The worker has loaded and listens.
    Ready,
    /// The worker ran its warm-up analysis (see `worker::warm`) in `ms` milliseconds.
    Warmed { ms: f64 },
    /// A step started.
    Progress { id: u64, step: String, detail: String, percent: f64 },
    /// Capacity results (the report without network results yet); the rows of its long lists
    /// follow in [`WorkerMessage::Rows`] messages.
    Partial {
        id: u64,
        report: Box<Report>,
        /// Rows still to come, over all lists.
        #[serde(default)]
        rows: usize,
        /// The size of the network step still running (`pipeline::Progress::Capacity`'s tie
        /// entries): the page shows the early results at once when it is large.
        #[serde(default)]
        ties: usize,
    },
    /// The whole result but the layouts; its long lists follow as for
    /// [`WorkerMessage::Partial`], then the layouts in [`WorkerMessage::Layouts`].
    Done {
        id: u64,
        report: Box<Report>,
        graphs: Vec<GraphData>,
        #[serde(default)]
        key: Vec<crate::report::anonymize::KeyEntry>,
        /// Rows still to come, over all lists.
        #[serde(default)]
        rows: usize,
        /// The worker's WebAssembly memory at the end of the run, in bytes (its peak, since
        /// wasm memory never shrinks); shown in the page's diagnostics.
        #[serde(default)]
        memory_bytes: u64,
        /// The worker draws this result's charts and sends them next
        /// ([`WorkerMessage::Charts`]); otherwise the page draws them.
        #[serde(default)]
        charts_follow: bool,
    },
    /// The result's charts (without the network diagrams) in the job's `chart_lang`, drawn
    /// after `Done` was sent, so that the page mounts the result meanwhile.
    Charts { id: u64, charts: Box<crate::charts::gallery::Drawn> },
    /// Each relation's node positions (empty above the layout's size limit), laid out after
    /// `Done` was sent so that the page shows the rest meanwhile; `ms` is the time it took.
    /// With `charts_follow`, each relation's diagram at these positions; `memory_bytes` is
    /// the worker's WebAssembly memory at the end (its peak).
    Layouts {
        id: u64,
        layouts: Vec<Vec<(f64, f64)>>,
        ms: f64,
        #[serde(default)]
        diagrams: Option<Box<crate::charts::gallery::Drawn>>,
        #[serde(default)]
        memory_bytes: u64,
        /// Milliseconds pool workers spent on the layouts they ran (`ms` is this worker's).
        #[serde(default)]
        pooled_ms: f64,
    },
    /// More rows of one list of the last `Partial` or `Done` report, from row `start` of it;
    /// the list has `of` rows in all (the page makes room for them at its first chunk: growing
    /// a million organizations' list by doubling copied it in one 50 ms task). Never JSON: it
    /// travels as [`WorkerMessage::AttachedRows`] and its bytes.
    #[serde(skip)]
    Rows { id: u64, start: usize, of: usize, rows: Rows },
    /// A [`WorkerMessage::Rows`] as it travels: the rows are attached, in the binary form of
    /// `protocol/row_bytes.rs`, as a `Uint8Array` ([`attached_rows`], read back by
    /// [`with_attached_rows`]). As JSON a million organizations were 306 MB that took the
    /// worker and the page seconds to write and read.
    AttachedRows { id: u64, start: usize, of: usize },
    /// The files could not be analysed.
    Failed { id: u64, message: crate::diag::UserMessage },
    /// Run `id` met a workbook, which this build (the quick one) cannot read: the page runs
    /// the job again in the fast build (`ui::bridge`). `message` says so if that cannot load.
    NeedsWorkbookReader { id: u64, message: crate::diag::UserMessage },
    /// A slice of live layout `id`: `done` of `total` steps. Attached: the positions as a
    /// `Float32Array` `[x0, y0, x1, y1, …]` in the unit square.
    Frame { id: u64, done: usize, total: usize },
    /// The file of a [`ToWorker::Make`]. Attached when made: its bytes as a `Uint8Array`;
    /// otherwise `error` says why not.
    File {
        id: u64,
        #[serde(default)]
        error: Option<String>,
    },
    /// The worker crashed; it must be replaced.
    Panic { message: String },
    /// Run `id` paused before its analysis: these passes of Brandes' searches are large
    /// enough to share among workers. Attached: per pass, its renumbered out-lists' offsets
    /// and targets, the renumbering and the sources, as `Uint32Array`s. The page hands their
    /// batches out ([`ToWorker::PassBatch`]); the analysis goes on once every part is in.
    /// `layouts`: graphs a pool worker lays out meanwhile ([`ToWorker::LayOut`]), their ties
    /// attached after the passes' arrays (two arrays each).
    Passes {
        id: u64,
        passes: Vec<Pass>,
        #[serde(default)]
        layouts: Vec<PoolLayout>,
        /// Graphs whose graph-only metrics and introductions a pool worker computes meanwhile
        /// ([`ToWorker::Measure`]), their ties and needs attached after the layouts' (three
        /// arrays each).
        #[serde(default)]
        measures: Vec<PoolMeasure>,
    },
    /// A pool worker's part of a batch. Attached: each node's dependency sum
    /// (`Float64Array`) and, when the pass sums distances, the distance sums (`Float64Array`,
    /// exact integers), the counts of sources reaching it (`Uint32Array`) and the harmonic
    /// sums (`Float64Array`).
    PassPart { id: u64, pass: usize, batch: usize },
    /// The analysis worker ran and added a batch itself.
    PassAdded { id: u64, pass: usize, batch: usize },
    /// The analysis worker computed and kept a measure itself ([`ToWorker::Measure`]'s `keep`).
    MeasureKept { id: u64 },
    /// A pool worker laid out graph `graph` of run `id` in `ms`. Attached: the positions as a
    /// `Float64Array` `[x0, y0, x1, y1, …]` (none when the ties did not arrive whole).
    LaidOut { id: u64, graph: usize, ms: f64 },
    /// A pool worker computed part `part` of the measures of graph `graph` of run `id` in `ms`.
    /// For the metrics, on the graph with `network::graph_only::key` `key` (the analysis worker
    /// takes them only for its graph with that key); the paths' keys travel in their bytes
    /// (`key` 0). Attached: the results as `measure_bytes` writes them, a `Uint8Array` (none
    /// when the ties did not arrive whole).
    Measured {
        id: u64,
        graph: usize,
        #[serde(default)]
        part: MeasurePart,
        ms: f64,
        key: u64,
    },
}

impl WorkerMessage {
    /// The result of a successful run (organization rows included; its layouts, if any, are
    /// not: they travel in [`WorkerMessage::Layouts`]).
    pub fn done(id: u64, a: Analysis) -> Self {
        Self::done_keeping_graphs(id, a).0
    }

    /// As [`WorkerMessage::done`], giving the graphs back (the worker lays them out next).
    pub fn done_keeping_graphs(id: u64, a: Analysis) -> (Self, Vec<Graph>) {
        let msg = WorkerMessage::Done {
            id,
            graphs: a.graphs.iter().map(GraphData::from_graph).collect(),
            report: Box::new(a.report),
            key: a.key,
            rows: 0,
            memory_bytes: 0,
            charts_follow: false,
        };
        (msg, a.graphs)
    }

    /// The run id, report and graphs (none for `Partial`) of a `Partial` or `Done` message,
    /// with its count of rows to come.
    fn report_mut(&mut self) -> Option<(u64, &mut Report, &mut [GraphData], &mut usize)> {
        match self {
            WorkerMessage::Partial { id, report, rows, .. } => Some((*id, report, &mut [], rows)),
            WorkerMessage::Done { id, report, graphs, rows, .. } => Some((*id, report, graphs, rows)),
            _ => None,
        }
    }
}

/// The kind of a [`WorkerMessage`] in its JSON bytes (`"ready"`, `"warmed"`, `"done"`…),
/// read without parsing the rest: the page reads only this of a worker waiting to take over
/// (`ui::bridge`), whose warm-up report would otherwise be parsed for nothing. The bytes start
/// with it because the enum is externally tagged and serialized by this crate: `"ready"` or
/// `{"warmed":{…}}`.
pub fn message_type(bytes: &[u8]) -> Option<&str> {
    let rest = bytes.strip_prefix(br#"{""#).or_else(|| bytes.strip_prefix(b"\""))?;
    let end = rest.iter().position(|&c| c == b'"')?;
    std::str::from_utf8(&rest[..end]).ok()
}

/// Sends a `Partial` or `Done` message as the page receives it: first the message with its
/// report's long lists emptied (and their total length in `rows`), then their rows in
/// [`WorkerMessage::Rows`] messages of at most [`ROW_CHUNK`]. Other messages are sent as they
/// are.
///
/// With `keep`, returns the message whole again, put back together from what was sent as the
/// page does it (an [`Assembler`]; rows are moved, not copied), for the worker's drawing after
/// it. Without, each part is dropped once sent (the lists are then never twice in memory).
pub fn report_messages(
    msg: WorkerMessage,
    send: &mut dyn FnMut(&WorkerMessage),
    keep: bool,
) -> Option<WorkerMessage> {
    let mut whole = Assembler::default();
    let mut out = None;
    send_in_parts(msg, send, &mut |sent| {
        if keep {
            out = out.take().or(whole.feed(sent));
        }
    });
    out
}

/// As [`report_messages`] without `keep`, but the parts sent are given back, for the caller to
/// drop once nothing it sends is waited for: freeing a million organizations' rows (their
/// strings and lists, one by one) took the worker about 1.3 s, between the page's reading of
/// the rows sent before and after.
pub fn report_messages_spent(msg: WorkerMessage, send: &mut dyn FnMut(&WorkerMessage)) -> Vec<WorkerMessage> {
    let mut spent = Vec::new();
    send_in_parts(msg, send, &mut |sent| spent.push(sent));
    spent
}

/// Sends `msg` in parts ([`report_messages`]), handing each part to `after` once sent.
fn send_in_parts(
    mut msg: WorkerMessage,
    send: &mut dyn FnMut(&WorkerMessage),
    after: &mut dyn FnMut(WorkerMessage),
) {
    let Some((id, report, graphs, count)) = msg.report_mut() else {
        send(&msg);
        return after(msg);
    };
    let lists = take_lists(report, graphs);
    *count = lists.iter().map(Rows::len).sum();
    send(&msg);
    after(msg);
    for list in lists {
        let of = list.len();
        for (start, rows) in chunks(list) {
            let part = WorkerMessage::Rows { id, start, of, rows };
            send(&part);
            after(part);
        }
    }
}

/// A message whose data travels attached rather than in its JSON: rows, as an
/// [`WorkerMessage::AttachedRows`] and their bytes (`row_bytes`'s form). `None` for any other
/// message.
pub fn attached_rows(msg: &WorkerMessage) -> Option<(WorkerMessage, Vec<u8>)> {
    let WorkerMessage::Rows { id, start, of, rows } = msg else { return None };
    Some((WorkerMessage::AttachedRows { id: *id, start: *start, of: *of }, row_bytes::encode(rows)))
}

/// The page's side of [`attached_rows`]: an [`WorkerMessage::AttachedRows`] with its attached
/// bytes as the [`WorkerMessage::Rows`] it was; an error for bytes that do not read back or
/// another message.
pub fn with_attached_rows(msg: WorkerMessage, bytes: &[u8]) -> Result<WorkerMessage, String> {
    let WorkerMessage::AttachedRows { id, start, of } = msg else {
        return Err("rows attached to another message".into());
    };
    let rows = row_bytes::decode(bytes).map_err(|e| format!("rows: {e}"))?;
    Ok(WorkerMessage::Rows { id, start, of, rows })
}

/// The worker draws a result's charts itself (and keeps its report for that) up to this many
/// organization and node rows: the 100,000/1,000,000 network (200,000) but not a million-row
/// survey, whose rows would be twice in the worker's memory while they are put back together
/// (the page draws those charts: without a network they are summaries, 10 ms).
pub const WORKER_CHARTS_MAX_ROWS: usize = 300_000;

/// Organization and node rows of a `Done` message's report (0 for other messages).
pub fn chart_rows(msg: &WorkerMessage) -> usize {
    match msg {
        WorkerMessage::Done { report, .. } => {
            report.capacity.organizations.len()
                + report.network.relations.iter().map(|r| r.nodes.len()).sum::<usize>()
        }
        _ => 0,
    }
}

/// The page's side of [`report_messages`]: holds a `Partial` or `Done` message until all its
/// organization rows have arrived, then gives it back whole.
#[derive(Debug, Default)]
pub struct Assembler {
    waiting: Option<WorkerMessage>,
}

impl Assembler {
    /// Takes the next message from the worker. Returns a message ready to act on: a whole
    /// `Partial` or `Done` report once its last rows arrive, any other message at once. Rows
    /// that do not continue the report being assembled (another run's, out of order) are
    /// dropped, and so is the incomplete report: the run's final message will still come.
    pub fn feed(&mut self, mut msg: WorkerMessage) -> Option<WorkerMessage> {
        match msg {
            WorkerMessage::Rows { id, start, of, rows } => {
                let mut waiting = self.waiting.take()?;
                let (run, report, graphs, count) = waiting.report_mut()?;
                let n = rows.len();
                // Room for the rest of the list, never more than the report still expects.
                let room = if start == 0 { of.min(*count) } else { 0 };
                if run != id || n > *count || !rows.append_to(report, graphs, start, room) {
                    return None;
                }
                *count -= n;
                if *count == 0 {
                    Some(waiting)
                } else {
                    self.waiting = Some(waiting);
                    None
                }
            }
            WorkerMessage::Partial { .. } | WorkerMessage::Done { .. } => {
                let complete = msg.report_mut().is_none_or(|(_, _, _, count)| *count == 0);
                if complete {
                    self.waiting = None;
                    Some(msg)
                } else {
                    self.waiting = Some(msg);
                    None
                }
            }
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_type_is_read_from_the_bytes_without_parsing_them() {
        let bytes = |m: &WorkerMessage| serde_json::to_vec(m).unwrap();
        assert_eq!(message_type(&bytes(&WorkerMessage::Ready)), Some("ready"));
        assert_eq!(message_type(&bytes(&WorkerMessage::Warmed { ms: 12.5 })), Some("warmed"));
        let failed = WorkerMessage::Failed {
            id: 3,
            message: crate::diag::UserMessage::new("error.internal", Default::default()),
        };
        assert_eq!(message_type(&bytes(&failed)), Some("failed"));
        assert_eq!(message_type(b"[1,2]"), None);
        assert_eq!(message_type(br#"{"ready"#), None);
        assert_eq!(message_type(b"\"ready"), None);
    }

    #[test]
    fn messages_to_workers_round_trip_through_json() {
        let recipe = FileRecipe::Zip(vec![("a.txt".into(), "同行".into())]);
        let job = Job { id: 3, chart_lang: Some(crate::i18n::Lang::Zh), ..Job::default() };
        let file = FileMeta { name: "r.csv".into(), kind: Some(crate::ingest::TableKind::Ties), wave: None };
        for msg in [
            ToWorker::Run { job, files: vec![file] },
            ToWorker::Warm,
            ToWorker::WarmBriefly,
            ToWorker::LayoutStart { id: 2, n: 10, seed: 42, weighted: true },
            ToWorker::LayoutStep { id: 2 },
            ToWorker::Make { id: 9, recipe: Cow::Borrowed(&recipe) },
            ToWorker::PassGraphs { id: 4, passes: vec![Pass { width: 64, batches: 79, paths: true }] },
            ToWorker::PassBatch { id: 4, pass: 0, batch: 78 },
            ToWorker::PassPart { id: 4, pass: 0, batch: 3 },
            ToWorker::LayOut { id: 4, graph: 1, n: 2000, seed: 42, keep: false },
            ToWorker::LaidOut { id: 4, graph: 1, ms: 312.5 },
            ToWorker::Measure {
                id: 4,
                measure: PoolMeasure {
                    graph: 0,
                    part: MeasurePart::Paths,
                    n: 90_000,
                    community: "leiden".into(),
                    resolution: 1.5f64.to_bits(),
                    seed: u64::MAX,
                    exact_paths_max: 3000,
                },
                keep: true,
            },
            ToWorker::Measured { id: 4, graph: 0, part: MeasurePart::Paths, ms: 2100.5, key: u64::MAX - 1 },
            ToWorker::Words { lang: crate::i18n::Lang::Zh, json: r#"{"app.title": "同行"}"#.into() },
        ] {
            let bytes = serde_json::to_vec(&msg).unwrap();
            let back: ToWorker<'static> = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(back, msg);
        }
        let warm = serde_json::to_string(&ToWorker::Warm).unwrap();
        assert_eq!(warm, r#"{"to":"warm"}"#);
    }

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

    /// The graphs rebuilt in steps of any size are those rebuilt whole, in order, also when
    /// ties are not in order (rebuilt by sorting) and for no graph at all.
    #[test]
    fn graphs_built_in_steps_are_the_graphs_built_whole() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let mut data: Vec<GraphData> = a.graphs.iter().map(GraphData::from_graph).collect();
        let mut unordered = data[0].clone();
        unordered.edges.reverse();
        data.push(unordered);
        data.push(GraphData { n: 0, edges: Vec::new(), weights: Vec::new() });
        let whole: Vec<Graph> = data.iter().map(GraphData::to_graph).collect();
        assert_eq!(whole[..a.graphs.len()], a.graphs[..]);
        assert_eq!(whole[a.graphs.len()], a.graphs[0], "out of order: sorted");
        for work in [1, 50, usize::MAX] {
            let mut steps = GraphSteps::new(data.clone());
            let mut count = 0;
            while !steps.step(work) {
                count += 1;
            }
            assert_eq!(steps.finish(), whole, "work = {work}");
            assert!(work > 1 || count > data[0].edges.len(), "{count} steps");
        }
        let mut none = GraphSteps::new(Vec::new());
        assert!(none.step(1));
        assert!(none.finish().is_empty());
    }

    #[test]
    fn done_message_round_trips_through_json() {
        let opts = crate::pipeline::Options { layout: true, ..Default::default() };
        let a = crate::pipeline::run(&crate::demo::files(), &opts, &|| 0.0).unwrap();
        let edges: Vec<usize> = a.graphs.iter().map(|g| g.edge_count()).collect();
        let text = serde_json::to_string(&WorkerMessage::done(7, a)).unwrap();
        let back: WorkerMessage = serde_json::from_str(&text).unwrap();
        let WorkerMessage::Done { id, graphs, report, .. } = back else { panic!("not done") };
        assert_eq!(id, 7);
        assert_eq!(graphs.iter().map(|g| g.to_graph().edge_count()).collect::<Vec<_>>(), edges);
        assert_eq!(report.input.rows, 120);
    }

    #[test]
    fn layouts_sent_after_the_result_are_the_runs_layouts() {
        let files = crate::demo::files();
        let opts = crate::pipeline::Options { layout: true, ..Default::default() };
        let with = crate::pipeline::run(&files, &opts, &|| 0.0).unwrap();
        // A job's run lays nothing out; the worker lays its graphs out after sending it.
        let job = Job::default().settings.options().unwrap();
        let without = crate::pipeline::run(&files, &job, &|| 0.0).unwrap();
        assert!(without.layouts.iter().all(Vec::is_empty));
        let (msg, graphs) = WorkerMessage::done_keeping_graphs(1, without);
        assert!(matches!(msg, WorkerMessage::Done { id: 1, .. }));
        let later = crate::pipeline::layouts(&graphs, job.network.seed);
        assert_eq!(later.len(), 3);
        assert!(later.iter().all(|l| l.len() > 100));
        assert_eq!(later, with.layouts);
    }

    /// The demo's report, split as the worker sends it, with rows re-counted by `copies`.
    fn sent(copies: usize) -> (WorkerMessage, Vec<WorkerMessage>) {
        let opts = crate::pipeline::Options { layout: true, ..Default::default() };
        let mut a = crate::pipeline::run(&crate::demo::files(), &opts, &|| 0.0).unwrap();
        let one = a.report.capacity.organizations.clone();
        a.report.capacity.organizations = (0..copies).flat_map(|_| one.clone()).collect();
        // Through JSON text, as in the page.
        // As in the page (`trip`).
        let json = trip;
        let whole = WorkerMessage::done(3, a);
        let mut sent = Vec::new();
        let back = report_messages(whole.clone(), &mut |m| sent.push(json(m)), true);
        // The worker gets the message back whole, to draw the charts from it.
        assert_eq!(back.as_ref(), Some(&whole));
        // Or, without drawing, the parts it sent, in the order sent, to drop later.
        let mut posted = Vec::new();
        let spent = report_messages_spent(whole.clone(), &mut |m| posted.push(m.clone()));
        assert_eq!(spent, posted);
        assert_eq!(spent.iter().map(json).collect::<Vec<_>>(), sent);
        (as_received(&whole), sent)
    }

    /// A message as it reaches the page: rows attached in binary, the rest through JSON text
    /// (whose floats come back rounded).
    fn trip(m: &WorkerMessage) -> WorkerMessage {
        let json = |m: &WorkerMessage| -> WorkerMessage {
            serde_json::from_str(&serde_json::to_string(m).unwrap()).unwrap()
        };
        match attached_rows(m) {
            Some((head, bytes)) => with_attached_rows(json(&head), &bytes).unwrap(),
            None => json(m),
        }
    }

    /// A `Done` message as the page gets it: through JSON text, whose floats come back
    /// rounded, but with its long lists and ties exact (they travel in binary, `row_bytes`).
    fn as_received(m: &WorkerMessage) -> WorkerMessage {
        let mut sent = m.clone();
        let mut back: WorkerMessage = serde_json::from_str(&serde_json::to_string(m).unwrap()).unwrap();
        if let (Some((_, sent, sent_graphs, _)), Some((_, report, graphs, _))) =
            (sent.report_mut(), back.report_mut())
        {
            take_lists(report, graphs);
            for list in take_lists(sent, sent_graphs) {
                assert!(list.append_to(report, graphs, 0, 0));
            }
        }
        back
    }

    /// The worker keeps a report it sent (to draw its charts) only when asked; the rows it
    /// counts for that choice are the organizations' and every relation's nodes.
    #[test]
    fn sent_reports_are_kept_only_when_asked() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let nodes: usize = a.graphs.iter().map(|g| g.node_count()).sum();
        let msg = WorkerMessage::done(1, a);
        assert_eq!(chart_rows(&msg), 120 + nodes);
        let mut parts = 0;
        assert!(report_messages(msg.clone(), &mut |_| parts += 1, false).is_none());
        assert!(parts > 1, "the rows follow the report");
        assert_eq!(report_messages(msg.clone(), &mut |_| (), true), Some(msg));
    }

    /// The charts the worker draws reach the page as drawn: SVG, tables and language.
    #[test]
    fn charts_round_trip_through_json() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let lang = crate::i18n::Lang::Zh;
        let drawn = crate::charts::gallery::Drawn::draw(lang, &|| 5.0, || {
            crate::charts::gallery::all_charts(&a, lang)
        });
        assert!(drawn.gallery.len() >= 10 && drawn.error.is_none() && drawn.ms == 0.0);
        let msg = WorkerMessage::Charts { id: 4, charts: Box::new(drawn) };
        let back: WorkerMessage = serde_json::from_str(&serde_json::to_string(&msg).unwrap()).unwrap();
        assert_eq!(back, msg);
        let WorkerMessage::Charts { charts, .. } = back else { panic!("not charts") };
        assert_eq!(charts.lang, lang);
        assert!(charts.get("means").is_some_and(|c| c.svg.contains("知识分享")));
    }

    /// A `Done` message without its lists (as sent) or whole (as the CLI's tests may write
    /// it) reads back from JSON; ties are plain pairs there, they travel as bytes.
    #[test]
    fn graph_data_round_trips_through_json() {
        let data =
            GraphData { n: 5, edges: vec![(0, 1), (4, 0), (u32::MAX, 3)], weights: vec![1.0, 2.5, 3.0] };
        let text = serde_json::to_string(&data).unwrap();
        assert_eq!(serde_json::from_str::<GraphData>(&text).unwrap(), data);
        let empty: GraphData = serde_json::from_str(r#"{"n":0}"#).unwrap();
        assert_eq!(empty, GraphData { n: 0, edges: Vec::new(), weights: Vec::new() });
        let broken = r#"{"n":2,"edges":"AAAA","weights":[]}"#;
        assert!(serde_json::from_str::<GraphData>(broken).is_err());
    }

    /// Every list's rows travel attached, in binary, whatever their kind; a `Rows` message
    /// itself is never JSON.
    #[test]
    fn every_list_travels_attached() {
        let (_, sent) = sent(2);
        let mut kinds = std::collections::HashSet::new();
        for m in &sent[1..] {
            let WorkerMessage::Rows { rows, .. } = m else { panic!("rows after the head") };
            kinds.insert(std::mem::discriminant(rows));
            let (head, _) = attached_rows(m).expect("attached");
            assert!(matches!(head, WorkerMessage::AttachedRows { .. }));
            assert_eq!(message_type(&serde_json::to_vec(&head).unwrap()), Some("attached_rows"));
            assert!(serde_json::to_string(m).is_err(), "rows are never JSON");
        }
        assert_eq!(kinds.len(), 4, "organizations, nodes, introductions and ties");
        assert!(attached_rows(&sent[0]).is_none());
    }

    #[test]
    fn reports_travel_in_chunks_and_are_reassembled_exactly() {
        // 120 demo rows × 50 = 6,000 organizations in chunks, then each relation's nodes and
        // introductions.
        let (whole, sent) = sent(50);
        let WorkerMessage::Done { report: full, .. } = &whole else { panic!("done") };
        let nodes: Vec<usize> = full.network.relations.iter().map(|r| r.nodes.len()).collect();
        let intros: Vec<usize> = full
            .network
            .relations
            .iter()
            .map(|r| r.suggestions.as_ref().map_or(0, |s| s.introductions.len()))
            .collect();
        assert!(nodes.iter().all(|n| *n > 0) && intros.iter().any(|n| *n > 0), "the demo has networks");
        let WorkerMessage::Done { graphs: full_graphs, .. } = &whole else { panic!("done") };
        let ties: Vec<usize> = full_graphs.iter().map(|g| g.edges.len()).collect();
        let WorkerMessage::Done { rows, report, graphs, .. } = &sent[0] else { panic!("header first") };
        assert_eq!(
            *rows,
            6_000 + nodes.iter().sum::<usize>() + intros.iter().sum::<usize>() + ties.iter().sum::<usize>()
        );
        assert!(report.capacity.organizations.is_empty(), "rows are not in the header");
        assert!(report.network.relations.iter().all(|r| r.nodes.is_empty()));
        assert!(graphs.iter().all(|g| g.edges.is_empty() && g.weights.is_empty()), "nor are ties");
        let parts: Vec<(&str, usize, usize)> = sent[1..]
            .iter()
            .map(|m| match m {
                WorkerMessage::Rows { start, rows: Rows::Organizations(r), .. } => ("orgs", *start, r.len()),
                WorkerMessage::Rows { start, rows: Rows::Nodes { rows, .. }, .. } => {
                    ("nodes", *start, rows.len())
                }
                WorkerMessage::Rows { start, rows: Rows::Introductions { rows, .. }, .. } => {
                    ("intros", *start, rows.len())
                }
                WorkerMessage::Rows { start, rows: Rows::Ties { edges, .. }, .. } => {
                    ("ties", *start, edges.len())
                }
                _ => ("other", 0, 0),
            })
            .collect();
        // Each list in chunks of ROW_CHUNK rows (the last one shorter); empty lists send nothing.
        let chunked = |kind: &'static str, len: usize| {
            (0..len).step_by(ROW_CHUNK).map(move |start| (kind, start, ROW_CHUNK.min(len - start)))
        };
        let mut expected: Vec<(&str, usize, usize)> = chunked("orgs", 6_000).collect();
        assert_eq!(expected.len(), 6_000_usize.div_ceil(ROW_CHUNK));
        for (n, i) in nodes.iter().zip(&intros) {
            expected.extend(chunked("nodes", *n));
            expected.extend(chunked("intros", *i));
        }
        // Then the graphs' ties (the demo's relations have fewer than TIE_CHUNK).
        expected.extend(ties.iter().map(|t| ("ties", 0, *t)));
        assert_eq!(parts, expected);
        // The first chunk of the 6,000 organizations makes room for all of them (a list grown
        // by doubling copies itself; a million organizations' did in one 50 ms task).
        let mut asm = Assembler::default();
        asm.feed(sent[0].clone());
        asm.feed(sent[1].clone());
        let Some(WorkerMessage::Done { report, .. }) = &asm.waiting else { panic!("waiting") };
        assert_eq!(report.capacity.organizations.len(), ROW_CHUNK);
        assert_eq!(report.capacity.organizations.capacity(), 6_000);
        let mut asm = Assembler::default();
        let out: Vec<WorkerMessage> = sent.into_iter().filter_map(|m| asm.feed(m)).collect();
        assert_eq!(out, vec![whole]);
    }

    /// A large network's ties travel in chunks of TIE_CHUNK, with their weights, and are put
    /// back in order; a chunk that does not continue the ties (or misaligns weights) is refused.
    #[test]
    fn ties_travel_in_chunks_with_their_weights() {
        let a = crate::pipeline::run(&crate::demo::files(), &Default::default(), &|| 0.0).unwrap();
        let mut whole = WorkerMessage::done(5, a);
        let WorkerMessage::Done { graphs, .. } = &mut whole else { panic!("done") };
        let many = 2 * TIE_CHUNK + 17;
        graphs[0] = GraphData {
            n: 1000,
            edges: (0..many as u32).map(|i| (i % 1000, (i * 7 + 1) % 1000)).collect(),
            weights: (0..many).map(|i| 1.0 + (i % 5) as f64 / 4.0).collect(),
        };
        graphs[1].edges = (0..TIE_CHUNK as u32 + 1).map(|i| (i % 120, (i + 1) % 120)).collect();
        graphs[1].weights.clear();
        // As in the page (`trip`).
        let json = trip;
        let mut sent = Vec::new();
        report_messages(whole.clone(), &mut |m| sent.push(json(m)), false);
        let ties: Vec<(usize, usize, usize, usize)> = sent
            .iter()
            .filter_map(|m| match m {
                WorkerMessage::Rows { start, rows: Rows::Ties { relation, edges, weights }, .. } => {
                    Some((*relation, *start, edges.len(), weights.len()))
                }
                _ => None,
            })
            .collect();
        let WorkerMessage::Done { graphs, .. } = &whole else { panic!("done") };
        let (last, last_weights) = (graphs[2].edges.len(), graphs[2].weights.len());
        assert_eq!(
            ties,
            vec![
                (0, 0, TIE_CHUNK, TIE_CHUNK),
                (0, TIE_CHUNK, TIE_CHUNK, TIE_CHUNK),
                (0, 2 * TIE_CHUNK, 17, 17),
                (1, 0, TIE_CHUNK, 0),
                (1, TIE_CHUNK, 1, 0),
                (2, 0, last, last_weights),
            ]
        );
        let mut asm = Assembler::default();
        let out: Vec<WorkerMessage> = sent.iter().cloned().filter_map(|m| asm.feed(m)).collect();
        // (Compared after the same trip through JSON text: the report's floats print rounded.)
        assert_eq!(out, vec![as_received(&whole)]);
        // Each list's first chunk makes room for all of it: no list grows by copying itself.
        let WorkerMessage::Done { graphs, .. } = &out[0] else { panic!("done") };
        assert!(graphs.iter().all(|g| g.edges.capacity() == g.edges.len()), "ties reserved exactly");

        // The weighted relation's second chunk without its weights: refused.
        let mut asm = Assembler::default();
        let mut broken = sent.clone();
        for m in &mut broken {
            if let WorkerMessage::Rows {
                start: TIE_CHUNK,
                rows: Rows::Ties { relation: 0, weights, .. },
                ..
            } = m
            {
                weights.clear();
            }
        }
        assert!(broken.into_iter().all(|m| asm.feed(m).is_none()));
    }

    #[test]
    fn rows_of_another_run_or_out_of_order_are_not_mixed_in() {
        let (_, sent) = sent(50);
        let mut asm = Assembler::default();
        assert!(asm.feed(sent[0].clone()).is_none());
        // The second chunk before the first: the report is abandoned, not patched.
        assert!(asm.feed(sent[2].clone()).is_none());
        assert!(sent[1..].iter().all(|m| asm.feed(m.clone()).is_none()));
        // Rows of another run id.
        let mut asm = Assembler::default();
        asm.feed(sent[0].clone());
        let WorkerMessage::Rows { start, rows, .. } = sent[1].clone() else { panic!() };
        assert!(asm.feed(WorkerMessage::Rows { id: 99, start, of: 0, rows }).is_none());
        assert!(sent[2..].iter().all(|m| asm.feed(m.clone()).is_none()));
        // Other messages pass straight through, even while a report waits.
        let mut asm = Assembler::default();
        asm.feed(sent[0].clone());
        let p = WorkerMessage::Progress { id: 3, step: "x".into(), detail: String::new(), percent: 1.0 };
        assert_eq!(asm.feed(p.clone()), Some(p));
    }

    #[test]
    fn a_report_without_long_lists_is_whole_at_once() {
        let (whole, _) = sent(1);
        let WorkerMessage::Done { report, .. } = whole else { panic!("done") };
        let mut capacity = report.capacity.clone();
        capacity.organizations.clear();
        let partial = WorkerMessage::Partial {
            id: 3,
            report: Box::new(Report::partial(&report.input, &capacity)),
            rows: 0,
            ties: 0,
        };
        let mut sent = Vec::new();
        report_messages(partial.clone(), &mut |m| sent.push(m.clone()), false);
        assert_eq!(sent, vec![partial.clone()]);
        assert_eq!(Assembler::default().feed(partial.clone()), Some(partial));
    }
}
