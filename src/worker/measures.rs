//! Graph-only results computed by the page's pool while the analysis worker runs the passes
//! (see `ui::pool`).
//!
//! After the passes, one worker used to compute every other metric and the suggestions while
//! the pool's workers idled. At 100,000/1,000,000 about 2.2 s of the metrics (clustering,
//! eigenvector, constraint, communities, HITS, core–periphery) need nothing but the graph
//! (`network::graph_only`), and the introductions' search (`joint::introduce`) nothing but the
//! graph, the communities and numbers from the capacity results, which are known at the pause:
//! that is a graph's first measure ([`MeasurePart::Metrics`]). Its searches along paths — the
//! path-length summary (`network::path_summary`), the new ties
//! (`joint::cultivate::plan_new_ties`) and the brokerage roles (`network::brokerage`), about
//! 0.8 s — need only the graph, the seed and the groups: the second ([`MeasurePart::Paths`]),
//! a task of its own so that another worker can take it.
//!
//! A run paused on its passes (`worker::passes`) asks the pool for them ([`ask`]): the
//! analysis worker, warm from the run, takes them first, one at a time, on the graph it holds,
//! while the pool's workers run the batches (`ui::pool::own_tasks`); a pool worker takes any
//! left once the batches are out, rebuilding the graph from its ties, and sends them back as
//! bytes ([`receive`]) with every bit. The analysis takes each result by a key of what it was
//! computed from; what did not come back whole is computed there, as it would have been.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::joint::introduce::{self, Needs, Pick};
use crate::network::graph::Graph;
use crate::network::graph_only::{GraphOnly, Settings, key};
use crate::network::{community, path_summary};
use crate::pipeline::Halfway;
use crate::protocol::measure_bytes::{self, Paths};
use crate::protocol::{GraphData, MeasurePart, PoolMeasure, WorkerMessage};
use crate::worker::post;

/// Smallest graph, in nodes plus ties, whose metrics the pool computes: a 2,000-organization
/// network naming 10,000 partners, whose metrics take some tens of milliseconds. Smaller ones
/// cost more to send than to compute, and the pause needs a pass of searches large enough to
/// share anyway (`passes::POOL_MIN_WORK`).
pub const MEASURE_MIN_SIZE: usize = 10_000;

/// Whether a paused run asks for the paths part ([`MeasurePart::Paths`]): the quick build,
/// which leads only small runs on a first visit, computes it after the pause instead and
/// carries none of its code (the `pool-member` feature; the first load's budget).
const PATHS_MEASURED: bool = cfg!(feature = "pool-member");

/// What a measure task gives back, and the milliseconds it took.
pub(crate) struct Measured {
    pub ms: f64,
    pub found: Found,
}

pub(crate) enum Found {
    Metrics {
        metrics: Box<GraphOnly>,
        /// The `network::graph_only::key` of the graph the metrics were computed on.
        key: u64,
        /// The introductions' picks and their `joint::introduce::key` (none when the needs
        /// did not arrive whole).
        picks: Option<(u64, Vec<Pick>)>,
    },
    #[cfg_attr(not(feature = "pool-member"), allow(dead_code))]
    Paths(Paths),
}

/// The graphs of paused run `half` whose measures the pool computes, two parts each
/// ([`MeasurePart`]): their descriptions, and as attachments (three each) their ties and the
/// introductions' needs or the brokerage groups.
pub(crate) fn ask(
    half: &Halfway,
    settings: Settings,
    sampling: path_summary::Sampling,
) -> (Vec<PoolMeasure>, Vec<JsValue>) {
    let mut measures = Vec::new();
    let mut attachments = Vec::new();
    let values = if PATHS_MEASURED { half.brokerage_values() } else { None };
    for (graph, g) in half.graphs().enumerate() {
        if g.node_count() + g.edge_count() < MEASURE_MIN_SIZE {
            continue;
        }
        let Some(needs) = half.introduction_needs(graph) else { continue };
        let data = GraphData::from_graph(g);
        let ends: Vec<u32> = data.edges.iter().flat_map(|&(s, t)| [s, t]).collect();
        let ends = js_sys::Uint32Array::from(ends.as_slice());
        let weights = js_sys::Float64Array::from(data.weights.as_slice());
        let needs = js_sys::Uint8Array::from(measure_bytes::encode_needs(&needs).as_slice());
        // The paths part, when asked for, gets copies of the ties (each attachment is
        // transferred) and the groups, as codes + 1 (0: unknown).
        let paths: Option<[JsValue; 3]> = PATHS_MEASURED.then(|| {
            let codes: Vec<u32> = values
                .as_deref()
                .and_then(|values| half.brokerage_codes(graph, values))
                .map_or_else(Vec::new, |codes| {
                    codes.iter().map(|c| c.map_or(0, |c| c.saturating_add(1))).collect()
                });
            [
                ends.slice(0, ends.length()).into(),
                weights.slice(0, weights.length()).into(),
                js_sys::Uint32Array::from(codes.as_slice()).into(),
            ]
        });
        attachments.extend([ends.into(), weights.into(), needs.into()]);
        attachments.extend(paths.into_iter().flatten());
        let parts: &[MeasurePart] = if PATHS_MEASURED {
            &[MeasurePart::Metrics, MeasurePart::Paths]
        } else {
            &[MeasurePart::Metrics]
        };
        for &part in parts {
            measures.push(PoolMeasure {
                graph,
                part,
                n: data.n,
                community: settings.community.as_str().to_string(),
                resolution: settings.resolution.to_bits(),
                seed: settings.seed,
                exact_paths_max: sampling.exact_max,
            });
        }
    }
    (measures, attachments)
}

/// Computes a part of the measures of the graph attached
/// ([`crate::protocol::ToWorker::Measure`]): a pool worker sends them to the page, the analysis
/// worker (`keep`) keeps them.
pub(crate) fn measure(id: u64, m: &PoolMeasure, keep: bool, attachments: &[JsValue]) {
    let start = js_sys::Date::now();
    let compute = |g: &Graph| match m.part {
        MeasurePart::Metrics => metrics(g, m, attachments),
        #[cfg(feature = "pool-member")]
        MeasurePart::Paths => Some(paths(g, m, attachments)),
        #[cfg(not(feature = "pool-member"))]
        MeasurePart::Paths => None,
    };
    // The analysis worker has the graph at hand (the page sends it no ties); a pool worker
    // rebuilds it from the ties.
    let computed = if keep {
        crate::worker::passes::with_graph(id, m.graph, compute).flatten()
    } else {
        #[cfg(feature = "pool-member")]
        let rebuilt = graph(m.n, attachments).and_then(|g| compute(&g));
        #[cfg(not(feature = "pool-member"))]
        let rebuilt = None;
        rebuilt
    };
    let ms = js_sys::Date::now() - start;
    if keep {
        // Said first: keeping the last measure may finish the run.
        post(&WorkerMessage::MeasureKept { id });
        let measured = computed.map(|found| Measured { ms, found });
        return crate::worker::passes::store_measure(id, (m.graph, m.part), measured);
    }
    send(id, m, ms, computed);
}

/// A pool worker sends what it computed (nothing: the analysis worker computes it itself).
#[cfg(feature = "pool-member")]
fn send(id: u64, m: &PoolMeasure, ms: f64, computed: Option<Found>) {
    let (key, bytes) = match &computed {
        Some(Found::Metrics { metrics, key, picks }) => {
            let picks = picks.as_ref().map(|(key, p)| (*key, p.as_slice()));
            (*key, Some(measure_bytes::encode(metrics, picks)))
        }
        Some(Found::Paths(d)) => (0, Some(measure_bytes::encode_paths(d))),
        None => (0, None),
    };
    let msg = WorkerMessage::Measured { id, graph: m.graph, part: m.part, ms, key };
    match bytes {
        Some(bytes) => crate::worker::post_with(&msg, &[&js_sys::Uint8Array::from(bytes.as_slice()).into()]),
        None => post(&msg),
    }
}

/// The quick build is never a pool member: it answers that it computed nothing.
#[cfg(not(feature = "pool-member"))]
fn send(id: u64, m: &PoolMeasure, ms: f64, _: Option<Found>) {
    post(&WorkerMessage::Measured { id, graph: m.graph, part: m.part, ms, key: 0 });
}

/// The graph-only metrics and the introductions' picks of `g`.
fn metrics(g: &Graph, m: &PoolMeasure, attachments: &[JsValue]) -> Option<Found> {
    let settings = settings(m)?;
    let needs = attachments
        .get(2)
        .and_then(|a| a.dyn_ref::<js_sys::Uint8Array>())
        .and_then(|a| measure_bytes::decode_needs(&a.to_vec()).ok())
        .filter(|needs| needs.fits(m.n));
    let metrics = GraphOnly::compute(g, settings, &js_sys::Date::now);
    let picks = needs.as_ref().map(|needs: &Needs| {
        (introduce::key(g, needs, &metrics.community), introduce::picks(g, needs, &metrics.community))
    });
    Some(Found::Metrics { key: key(g, settings), metrics: Box::new(metrics), picks })
}

/// The path-length summary, the new ties and, when groups are attached, the brokerage roles
/// of `g`.
#[cfg(feature = "pool-member")]
fn paths(g: &Graph, m: &PoolMeasure, attachments: &[JsValue]) -> Found {
    let sampling = path_summary::Sampling { exact_max: m.exact_paths_max, seed: m.seed };
    let summary = (path_summary::key(g, sampling), path_summary::compute(g, sampling));
    use crate::joint::cultivate;
    use crate::network::brokerage;
    let ties = (cultivate::ties_key(g, m.seed), cultivate::plan_new_ties(g, m.seed));
    let codes = attachments.get(2).and_then(|a| a.dyn_ref::<js_sys::Uint32Array>()).map(|a| a.to_vec());
    let codes: Option<Vec<Option<u32>>> =
        codes.filter(|c| c.len() == m.n && m.n > 0).map(|c| c.iter().map(|&c| c.checked_sub(1)).collect());
    let brokerage = codes.map(|codes| (brokerage::key(g, &codes), brokerage::brokerage_of_codes(g, &codes)));
    Found::Paths(Paths { summary, ties, brokerage })
}

/// The graph of `n` nodes whose ties are attached (as [`ask`] attaches them).
#[cfg(feature = "pool-member")]
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

/// The analysis worker receives a pool worker's part `part` of the measures of graph `graph`
/// of run `id` (the metrics computed on the graph with key `key`).
pub(crate) fn receive(
    id: u64,
    (graph, part, ms, key): (usize, MeasurePart, f64, u64),
    attachments: &[JsValue],
) {
    let bytes = attachments.first().and_then(|a| a.dyn_ref::<js_sys::Uint8Array>()).map(|a| a.to_vec());
    let found = bytes.and_then(|b| match part {
        MeasurePart::Metrics => {
            let (metrics, picks) = measure_bytes::decode(&b).ok()?;
            Some(Found::Metrics { metrics: Box::new(metrics), key, picks })
        }
        #[cfg(feature = "pool-member")]
        MeasurePart::Paths => measure_bytes::decode_paths(&b).ok().map(Found::Paths),
        #[cfg(not(feature = "pool-member"))]
        MeasurePart::Paths => None,
    });
    crate::worker::passes::store_measure(id, (graph, part), found.map(|found| Measured { ms, found }));
}
