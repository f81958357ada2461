//! Graph-only metrics computed by the page's pool while the analysis worker runs the passes
//! (see `ui::pool`).
//!
//! After the passes, one worker used to compute every other metric and the suggestions while
//! the pool's workers idled. At 100,000/1,000,000 about 2.2 s of the metrics (clustering,
//! eigenvector, constraint, communities, HITS, core–periphery) need nothing but the graph
//! (`network::graph_only`), and the introductions' search (`joint::introduce`) nothing but the
//! graph, the communities and numbers from the capacity results, which are known at the pause.
//! A run paused on its passes (`worker::passes`) asks the pool for them ([`ask`]): the
//! analysis worker, warm from the run, takes them first, one graph at a time, on the graph it
//! holds, while the pool's workers run the batches (`ui::pool::own_tasks`); a pool worker
//! takes any left once the batches are out, rebuilding the graph from its ties, and sends them
//! back as bytes ([`receive`]) with every bit; the
//! analysis takes them by keys of what they were computed from. What did not come back whole
//! is computed here, as it would have been.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::joint::introduce::{self, Needs, Pick};
use crate::network::community;
use crate::network::graph::Graph;
use crate::network::graph_only::{GraphOnly, Settings, key};
use crate::pipeline::Halfway;
use crate::protocol::{GraphData, PoolMeasure, WorkerMessage, measure_bytes};
use crate::worker::{post, post_with};

/// Smallest graph, in nodes plus ties, whose metrics the pool computes: a 2,000-organization
/// network naming 10,000 partners, whose metrics take some tens of milliseconds. Smaller ones
/// cost more to send than to compute, and the pause needs a pass of searches large enough to
/// share anyway (`passes::POOL_MIN_WORK`).
pub const MEASURE_MIN_SIZE: usize = 10_000;

/// What a measure task gives back.
pub(crate) struct Measured {
    pub metrics: GraphOnly,
    /// Milliseconds the task took.
    pub ms: f64,
    /// The `network::graph_only::key` of the graph the metrics were computed on.
    pub key: u64,
    /// The introductions' picks and their `joint::introduce::key` (none when the needs did
    /// not arrive whole).
    pub picks: Option<(u64, Vec<Pick>)>,
}

/// The graphs of paused run `half` whose metrics and introductions the pool computes: their
/// descriptions, and as attachments (three each) their ties and the introductions' needs.
pub(crate) fn ask(half: &Halfway, settings: Settings) -> (Vec<PoolMeasure>, Vec<JsValue>) {
    let mut measures = Vec::new();
    let mut attachments = Vec::new();
    for (graph, g) in half.graphs().enumerate() {
        if g.node_count() + g.edge_count() < MEASURE_MIN_SIZE {
            continue;
        }
        let Some(needs) = half.introduction_needs(graph) else { continue };
        let data = GraphData::from_graph(g);
        let ends: Vec<u32> = data.edges.iter().flat_map(|&(s, t)| [s, t]).collect();
        attachments.push(js_sys::Uint32Array::from(ends.as_slice()).into());
        attachments.push(js_sys::Float64Array::from(data.weights.as_slice()).into());
        attachments.push(js_sys::Uint8Array::from(measure_bytes::encode_needs(&needs).as_slice()).into());
        measures.push(PoolMeasure {
            graph,
            n: data.n,
            community: settings.community.as_str().to_string(),
            resolution: settings.resolution.to_bits(),
            seed: settings.seed,
        });
    }
    (measures, attachments)
}

/// Computes the metrics and introductions of the graph attached
/// ([`crate::protocol::ToWorker::Measure`]): a pool worker sends them to the page, the analysis
/// worker (`keep`) keeps them.
pub(crate) fn measure(id: u64, m: &PoolMeasure, keep: bool, attachments: &[JsValue]) {
    let start = js_sys::Date::now();
    let needs = attachments
        .get(2)
        .and_then(|a| a.dyn_ref::<js_sys::Uint8Array>())
        .and_then(|a| measure_bytes::decode_needs(&a.to_vec()).ok())
        .filter(|needs| needs.fits(m.n));
    let compute = |g: &Graph, settings: Settings| {
        let metrics = GraphOnly::compute(g, settings, &js_sys::Date::now);
        let picks = needs.as_ref().map(|needs: &Needs| {
            (introduce::key(g, needs, &metrics.community), introduce::picks(g, needs, &metrics.community))
        });
        (metrics, key(g, settings), picks)
    };
    // The analysis worker has the graph at hand (the page sends it no ties); a pool worker
    // rebuilds it from the ties.
    let settings = settings(m);
    let computed = if keep {
        crate::worker::passes::with_graph(id, m.graph, |g| settings.map(|s| compute(g, s))).flatten()
    } else {
        graph(m.n, attachments).zip(settings).map(|(g, s)| compute(&g, s))
    };
    let ms = js_sys::Date::now() - start;
    if keep {
        // Said first: keeping the last measure may finish the run.
        post(&WorkerMessage::MeasureKept { id });
        let measured = computed.map(|(metrics, key, picks)| Measured { metrics, ms, key, picks });
        return crate::worker::passes::store_measure(id, m.graph, measured);
    }
    let key = computed.as_ref().map_or(0, |c| c.1);
    let msg = WorkerMessage::Measured { id, graph: m.graph, ms, key };
    match computed {
        Some((metrics, _, picks)) => {
            let picks = picks.as_ref().map(|(key, p)| (*key, p.as_slice()));
            let bytes = measure_bytes::encode(&metrics, picks);
            post_with(&msg, &[&js_sys::Uint8Array::from(bytes.as_slice()).into()]);
        }
        None => post(&msg),
    }
}

/// The graph of `n` nodes whose ties are attached (as [`ask`] attaches them).
fn graph(n: usize, attachments: &[JsValue]) -> Option<Graph> {
    let ends = attachments.first()?.dyn_ref::<js_sys::Uint32Array>()?.to_vec();
    let weights = attachments.get(1)?.dyn_ref::<js_sys::Float64Array>()?.to_vec();
    let edges: Vec<(u32, u32)> = ends.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    let fits = ends.len() % 2 == 0 && (weights.is_empty() || weights.len() == edges.len());
    fits.then(|| GraphData { n, edges, weights }.to_graph())
}

fn settings(m: &PoolMeasure) -> Option<Settings> {
    let community = community::Method::parse(&m.community)?;
    Some(Settings { community, resolution: f64::from_bits(m.resolution), seed: m.seed })
}

/// The analysis worker receives a pool worker's metrics and picks of graph `graph` of run
/// `id`, computed on the graph with key `key`.
pub(crate) fn receive(id: u64, (graph, ms, key): (usize, f64, u64), attachments: &[JsValue]) {
    let bytes = attachments.first().and_then(|a| a.dyn_ref::<js_sys::Uint8Array>()).map(|a| a.to_vec());
    let decoded = bytes.and_then(|b| measure_bytes::decode(&b).ok());
    let measured = decoded.map(|(metrics, picks)| Measured { metrics, ms, key, picks });
    crate::worker::passes::store_measure(id, graph, measured);
}
