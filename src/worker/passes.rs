//! The workers' side of the page's pool (`ui::pool`): large passes of Brandes' searches
//! (exact betweenness with closeness and harmonic centrality, sampled betweenness) shared out
//! by batches among several workers, with the same result as one worker.
//!
//! The pipeline is synchronous, and a worker cannot wait for another's message without
//! returning to its event loop. So a run that has workers to share with (`Job::pool`) runs
//! its analysis up to the networks' metrics ([`crate::rounds::analyze_read_pausing`]: survey,
//! capacity — sent to the page as early results — and each relation's graph), and if a pass is
//! large ([`POOL_MIN_WORK`]) it pauses there: it keeps the analysis so far ([`Paused`]),
//! posts the passes ([`WorkerMessage::Passes`]) and returns. The page hands every batch to a
//! worker — the pool's, or this one (each batch a task of its own, so parts arriving meanwhile
//! are read) — and forwards the pool's parts here. Parts are added in batch order, from zero,
//! as `network::metrics::PassJob` adds them on one thread, whatever order they arrive in; once
//! every part is in, the analysis goes on with those sums at hand
//! (`pipeline::Halfway::finish`) and takes them instead of searching. Same bits as one
//! worker: the batches are fixed by the graph, and so is the order of the additions.
//!
//! A pool worker (the analysis worker's script, an instance of its own) keeps the passes of
//! one run ([`ToWorker::PassGraphs`]) and answers each batch with its part. The paused run
//! also asks the pool for its large graphs' graph-only metrics (`worker::measures`: the run
//! goes on once they are in too) and to lay out its graphs (`worker::layouts`).

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::network::metrics::{Part, PassJob, PassSums, Reached, Scratch};
use crate::network::{graph_only, path_summary};
use crate::pipeline::{Halfway, Handed, Options, Step};
use crate::protocol::{MeasurePart, Pass, WorkerMessage};
use crate::worker::measures::{Found, Measured};
use crate::worker::{Then, post, post_with};

/// Smallest pass worth sharing, in edge scans (sources × (nodes + ties)): a 1,500-node,
/// 12,000-tie network's exact pass, which takes about 0.1 s in one worker. Below it, sending
/// the graph and starting workers costs more than the pool saves.
pub const POOL_MIN_WORK: f64 = 2.0e7;

/// A run waiting for its passes' parts.
pub(crate) struct Paused {
    pub id: u64,
    pub options: Options,
    /// The analysis so far: survey, capacity (sent as early results), graphs.
    pub half: Box<Halfway>,
    pub then: Then,
    jobs: Vec<PassJob>,
    sums: Vec<PassSums>,
    /// Per pass: the next batch to add, and parts that came before their turn.
    next: Vec<usize>,
    early: Vec<BTreeMap<usize, Part>>,
    /// The measures the pool computes, by graph index and part.
    measures: Vec<((usize, MeasurePart), Measure)>,
    /// Working memory for the batches this worker runs (for one pass at a time).
    scratch: Option<(usize, Scratch)>,
    added: usize,
    shown: f64,
    /// When the run paused.
    started: f64,
}

/// Graph-only metrics asked of the pool.
enum Measure {
    Pending,
    Done(Box<Measured>),
    /// Not computed by the pool: computed here, as without a pool.
    Here,
}

/// A pool worker's passes: the run, its jobs, and working memory for one of them.
#[cfg(feature = "pool-member")]
type Shared = (u64, Vec<PassJob>, Option<(usize, Scratch)>);

thread_local! {
    static PAUSED: RefCell<Option<Paused>> = const { RefCell::new(None) };
}

#[cfg(feature = "pool-member")]
thread_local! {
    static SHARED: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

/// Pauses run `id` on its large passes `jobs` (not empty) and posts them to the page.
pub(crate) fn pause(id: u64, options: Options, half: Box<Halfway>, then: Then, jobs: Vec<PassJob>) {
    let passes = descriptions(&jobs);
    let mut arrays = arrays(&jobs);
    let settings = graph_only::Settings::of(&options.network);
    let sampling = path_summary::Sampling::of(&options.network);
    let (measures, measure_ties) = crate::worker::measures::ask(&half, settings, sampling);
    let (layouts, ties) = crate::worker::layouts::ask(id, options.network.seed, half.graphs());
    arrays.extend(ties);
    arrays.extend(measure_ties);
    let refs: Vec<&JsValue> = arrays.iter().collect();
    let sums = jobs.iter().map(PassSums::new).collect();
    let count = jobs.len();
    let paused = Paused {
        id,
        options,
        half,
        then,
        jobs,
        sums,
        next: vec![0; count],
        early: vec![BTreeMap::new(); count],
        measures: measures.iter().map(|m| ((m.graph, m.part), Measure::Pending)).collect(),
        scratch: None,
        added: 0,
        shown: 0.0,
        started: js_sys::Date::now(),
    };
    PAUSED.with(|p| *p.borrow_mut() = Some(paused));
    post_with(&WorkerMessage::Passes { id, passes, layouts, measures }, &refs);
}

fn descriptions(jobs: &[PassJob]) -> Vec<Pass> {
    jobs.iter().map(|j| Pass { width: j.width, batches: j.batches(), paths: j.paths }).collect()
}

/// Each job's four arrays, in order (copies: they are transferred).
fn arrays(jobs: &[PassJob]) -> Vec<JsValue> {
    jobs.iter().flat_map(|j| j.parts().map(|a| JsValue::from(js_sys::Uint32Array::from(a)))).collect()
}

/// A pool worker receives the passes of run `id`.
#[cfg(feature = "pool-member")]
pub(crate) fn receive_graphs(id: u64, passes: &[Pass], attachments: &[JsValue]) {
    let jobs = passes
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let array = |k: usize| {
                attachments
                    .get(4 * i + k)
                    .and_then(|a| a.dyn_ref::<js_sys::Uint32Array>())
                    .map(|a| a.to_vec())
            };
            let parts = [array(0)?, array(1)?, array(2)?, array(3)?];
            PassJob::from_parts(parts, p.width, p.paths)
        })
        .collect::<Vec<_>>();
    // A pass that did not arrive whole leaves its batches to the analysis worker (see
    // `batch`: a batch this worker cannot run is answered with nothing attached).
    SHARED.with(|s| *s.borrow_mut() = Some((id, jobs, None)));
}

/// Runs batch `batch` of pass `pass` of run `id`: the analysis worker adds it to its sums, a
/// pool worker sends it to the page.
pub(crate) fn batch(id: u64, pass: usize, batch: usize) {
    let here = PAUSED.with(|p| {
        let mut p = p.borrow_mut();
        let paused = p.as_mut().filter(|p| p.id == id)?;
        let part = paused.run(pass, batch)?;
        paused.add(pass, batch, part);
        Some(())
    });
    if here.is_some() {
        post(&WorkerMessage::PassAdded { id, pass, batch });
        progress_or_resume();
    } else {
        #[cfg(feature = "pool-member")]
        shared_batch(id, pass, batch);
    }
}

/// A pool worker runs batch `batch` of pass `pass` of run `id` and sends its part.
#[cfg(feature = "pool-member")]
fn shared_batch(id: u64, pass: usize, batch: usize) {
    let part = SHARED.with(|s| {
        let mut s = s.borrow_mut();
        let (_, jobs, scratch) = s.as_mut().filter(|s| s.0 == id)?;
        let job = jobs.get(pass)?;
        let scratch = scratch_for(scratch, pass, job);
        Some(job.batch(batch, scratch))
    });
    let msg = WorkerMessage::PassPart { id, pass, batch };
    match part {
        Some(part) => post_with(&msg, &part_arrays(&part).iter().collect::<Vec<_>>()),
        None => post(&msg),
    }
}

fn scratch_for<'a>(scratch: &'a mut Option<(usize, Scratch)>, pass: usize, job: &PassJob) -> &'a mut Scratch {
    if scratch.as_ref().is_none_or(|(p, _)| *p != pass) {
        *scratch = Some((pass, job.scratch()));
    }
    &mut scratch.get_or_insert_with(|| (pass, job.scratch())).1
}

/// A part's arrays as [`WorkerMessage::PassPart`] attaches them.
#[cfg(feature = "pool-member")]
fn part_arrays(part: &Part) -> Vec<JsValue> {
    let mut out = vec![JsValue::from(js_sys::Float64Array::from(part.bc.as_slice()))];
    if let Some(r) = &part.reached {
        // Per batch at most 64 sources × distances below 2^32: exact in an f64.
        let total: Vec<f64> = r.total.iter().map(|&t| t as f64).collect();
        out.push(js_sys::Float64Array::from(total.as_slice()).into());
        out.push(js_sys::Uint32Array::from(r.count.as_slice()).into());
        out.push(js_sys::Float64Array::from(r.harmonic.as_slice()).into());
    }
    out
}

/// A part read back from its arrays; `None` unless it has `n` nodes (and distance sums when
/// `paths`).
fn read_part(attachments: &[JsValue], n: usize, paths: bool) -> Option<Part> {
    let f64s = |i: usize| {
        let a = attachments.get(i)?.dyn_ref::<js_sys::Float64Array>()?.to_vec();
        (a.len() == n).then_some(a)
    };
    let bc = f64s(0)?;
    let reached = if paths {
        let count = attachments.get(2)?.dyn_ref::<js_sys::Uint32Array>()?.to_vec();
        let total = f64s(1)?.into_iter().map(|t| t as u64).collect();
        (count.len() == n).then_some(())?;
        Some(Reached { total, count, harmonic: f64s(3)? })
    } else {
        None
    };
    Some(Part { bc, reached })
}

/// The analysis worker receives a pool worker's part; a part that did not arrive whole is
/// run here instead.
pub(crate) fn receive_part(id: u64, pass: usize, batch: usize, attachments: &[JsValue]) {
    let added = PAUSED.with(|p| {
        let mut p = p.borrow_mut();
        let paused = p.as_mut().filter(|p| p.id == id)?;
        let job = paused.jobs.get(pass)?;
        let part = match read_part(attachments, job.nodes(), job.paths) {
            Some(part) => part,
            None => paused.run(pass, batch)?,
        };
        paused.add(pass, batch, part);
        Some(())
    });
    if added.is_some() {
        progress_or_resume();
    }
}

impl Paused {
    /// Runs a batch here.
    fn run(&mut self, pass: usize, batch: usize) -> Option<Part> {
        let job = self.jobs.get(pass)?;
        (batch < job.batches()).then(|| job.batch(batch, scratch_for(&mut self.scratch, pass, job)))
    }

    /// Adds the part of `batch` in its turn (a part already added is ignored).
    fn add(&mut self, pass: usize, batch: usize, part: Part) {
        let (Some(next), Some(early), Some(sums)) =
            (self.next.get_mut(pass), self.early.get_mut(pass), self.sums.get_mut(pass))
        else {
            return;
        };
        if batch < *next {
            return;
        }
        early.insert(batch, part);
        while let Some(part) = early.remove(next) {
            sums.add(&part);
            *next += 1;
            self.added += 1;
        }
    }

    fn complete(&self) -> bool {
        self.jobs.iter().zip(&self.next).all(|(j, &next)| next >= j.batches())
            && self.measures.iter().all(|(_, m)| !matches!(m, Measure::Pending))
    }
}

/// What the pool computed, for the analysis to go on with: the passes' sums, the graph-only
/// metrics, the introductions' picks, path summaries, new ties and brokerage roles, with the
/// milliseconds the pool took for the measures. Nothing is checked here: each result is taken
/// only if its key fits the graph it is offered for (`crate::handover`), so a result for
/// another graph or setting is computed again, not used.
fn handed(passes: Vec<(u64, PassSums)>, measures: Vec<((usize, MeasurePart), Measure)>) -> (Handed, f64) {
    let mut ms = 0.0;
    let mut handed = Handed { passes, ..Handed::default() };
    for (_, measure) in measures {
        let Measure::Done(m) = measure else { continue };
        let Measured { ms: took, found } = *m;
        ms += took;
        match found {
            Found::Metrics { metrics, key, picks } => {
                handed.graph_only.push((key, *metrics));
                handed.introductions.extend(picks);
            }
            Found::Paths(d) => {
                handed.path_summaries.push(d.summary);
                handed.new_ties.push(d.ties);
                handed.brokerage.extend(d.brokerage);
            }
        }
    }
    (handed, ms)
}

/// Runs `f` on graph `graph` of paused run `id`, if that is the run paused.
pub(crate) fn with_graph<T>(
    id: u64,
    graph: usize,
    f: impl FnOnce(&crate::network::graph::Graph) -> T,
) -> Option<T> {
    PAUSED.with(|p| {
        let p = p.borrow();
        let paused = p.as_ref().filter(|p| p.id == id)?;
        paused.half.graphs().nth(graph).map(f)
    })
}

/// Keeps part `part` of the measures of graph `graph` of run `id` (`None`: compute them here)
/// and, when the run waited only for them, goes on with it.
pub(crate) fn store_measure(id: u64, (graph, part): (usize, MeasurePart), measured: Option<Measured>) {
    let stored = PAUSED.with(|p| {
        let mut p = p.borrow_mut();
        let paused = p.as_mut().filter(|p| p.id == id)?;
        let (_, slot) = paused
            .measures
            .iter_mut()
            .find(|(at, m)| *at == (graph, part) && matches!(m, Measure::Pending))?;
        *slot = match measured {
            Some(m) => Measure::Done(Box::new(m)),
            None => Measure::Here,
        };
        paused.added += 1;
        Some(())
    });
    if stored.is_some() {
        progress_or_resume();
    }
}

/// Shows how far the passes are (the network step's first part), or, when every part is in,
/// runs the analysis with their sums.
fn progress_or_resume() {
    let done = PAUSED.with(|p| {
        let mut p = p.borrow_mut();
        let paused = p.as_mut()?;
        if paused.complete() {
            return p.take().map(Ok);
        }
        let total = paused.jobs.iter().map(PassJob::batches).sum::<usize>() + paused.measures.len();
        let percent = 35.0 + 40.0 * paused.added as f64 / total.max(1) as f64;
        if percent - paused.shown >= 1.0 {
            paused.shown = percent;
            return Some(Err((paused.id, percent)));
        }
        None
    });
    match done {
        Some(Ok(paused)) => {
            let Paused { id, options, half, then, jobs, sums, measures, started, shown, .. } = paused;
            let passes = jobs.iter().map(|j| j.key).zip(sums).collect();
            let (handed, measured_ms) = handed(passes, measures);
            let ms = js_sys::Date::now() - started;
            crate::worker::finish(id, &options, *half, handed, (then, ms, shown, measured_ms));
        }
        Some(Err((id, percent))) => post(&WorkerMessage::Progress {
            id,
            step: Step::Network.key().to_string(),
            detail: String::new(),
            percent,
        }),
        None => {}
    }
}
