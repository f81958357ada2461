//! Layouts laid out by the page's pool while the analysis worker goes on (see `ui::pool`).
//!
//! A run paused on its passes (`worker::passes`) also asks the pool to lay out its graphs
//! ([`ask`]): the layout (ForceAtlas2, about 0.45 s for a 5,000-organization network) needs
//! only the ties, so a pool worker takes it first and runs it while the others run the
//! passes' batches, instead of after the metrics, the introductions and the charts. The
//! positions come back through the page ([`receive`]) and are kept until the run's end; the
//! result's diagrams are drawn when every layout is in ([`when_laid_out`]). The same positions
//! as one worker: the same function on the same ties, checked against the graph before they
//! are used; a layout that did not come back whole is laid out here.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::network::graph::Graph;
use crate::network::layout::{LayoutTies, MAX_LAYOUT_NODES};
use crate::protocol::{PoolLayout, WorkerMessage};
use crate::worker::{End, post, post_with};

/// A layout asked of the pool.
enum Slot {
    Pending,
    /// Positions and the milliseconds they took.
    Done(Vec<(f64, f64)>, f64),
    /// Not laid out by the pool: lay it out here.
    Here,
}

/// The layouts of run `id` asked of the pool: per graph index, the ties sent and the answer.
struct Pooled {
    id: u64,
    asked: Vec<(usize, LayoutTies, Slot)>,
    /// The run's end, once its result and charts are sent, waiting for the layouts.
    waiting: Option<End>,
}

thread_local! {
    static POOLED: RefCell<Option<Pooled>> = const { RefCell::new(None) };
}

/// Asks the pool to lay out run `id`'s graphs that are laid out at all (2 to
/// [`MAX_LAYOUT_NODES`] organizations) with `seed`: their descriptions, and their ties as
/// attachments.
pub(crate) fn ask<'a>(
    id: u64,
    seed: u64,
    graphs: impl Iterator<Item = &'a Graph>,
) -> (Vec<PoolLayout>, Vec<JsValue>) {
    let mut asked = Vec::new();
    let mut attachments = Vec::new();
    for (graph, g) in graphs.enumerate().filter(|(_, g)| (2..=MAX_LAYOUT_NODES).contains(&g.node_count())) {
        let ties = LayoutTies::of(g);
        let (ends, weights) = ties.to_arrays();
        attachments.push(js_sys::Uint32Array::from(ends.as_slice()).into());
        attachments.push(js_sys::Float64Array::from(weights.as_slice()).into());
        asked.push((graph, ties, Slot::Pending));
    }
    let layouts =
        asked.iter().map(|(graph, ties, _)| PoolLayout { graph: *graph, n: ties.n, seed }).collect();
    POOLED.with(|p| *p.borrow_mut() = Some(Pooled { id, asked, waiting: None }));
    (layouts, attachments)
}

/// Lays out the ties attached ([`crate::protocol::ToWorker::LayOut`]): a pool worker sends the
/// positions to the page, the analysis worker (`keep`) keeps them.
pub(crate) fn lay_out(id: u64, (graph, n, seed, keep): (usize, usize, u64, bool), attachments: &[JsValue]) {
    let start = js_sys::Date::now();
    let ends = attachments.first().and_then(|a| a.dyn_ref::<js_sys::Uint32Array>()).map(|a| a.to_vec());
    let weights = attachments.get(1).and_then(|a| a.dyn_ref::<js_sys::Float64Array>()).map(|a| a.to_vec());
    let positions = ends
        .zip(weights)
        .and_then(|(ends, weights)| LayoutTies::from_arrays(n, &ends, &weights))
        .map(|ties| ties.lay_out(seed));
    let ms = js_sys::Date::now() - start;
    if keep {
        return store(id, graph, positions.map(|p| (p, ms)));
    }
    let msg = WorkerMessage::LaidOut { id, graph, ms };
    match positions {
        Some(p) => {
            let flat: Vec<f64> = p.iter().flat_map(|(x, y)| [*x, *y]).collect();
            post_with(&msg, &[&js_sys::Float64Array::from(flat.as_slice()).into()]);
        }
        None => post(&msg),
    }
}

/// The analysis worker receives a pool worker's layout of graph `graph` of run `id`.
pub(crate) fn receive(id: u64, graph: usize, ms: f64, attachments: &[JsValue]) {
    let flat = attachments.first().and_then(|a| a.dyn_ref::<js_sys::Float64Array>()).map(|a| a.to_vec());
    let positions = flat.map(|f| f.chunks_exact(2).map(|p| (p[0], p[1])).collect::<Vec<_>>());
    store(id, graph, positions.map(|p| (p, ms)));
}

/// Keeps a layout (`None`: lay it out here) and, when it was the last one the run's end
/// waited for, ends the run.
fn store(id: u64, graph: usize, layout: Option<(Vec<(f64, f64)>, f64)>) {
    let ready = POOLED.with(|p| {
        let mut p = p.borrow_mut();
        let pooled = p.as_mut().filter(|p| p.id == id)?;
        let (_, ties, slot) = pooled.asked.iter_mut().find(|(g, _, _)| *g == graph)?;
        *slot = match layout {
            Some((positions, ms)) if positions.len() == ties.n => Slot::Done(positions, ms),
            _ => Slot::Here,
        };
        let waiting =
            pooled.asked.iter().all(|(_, _, s)| !matches!(s, Slot::Pending)) && pooled.waiting.is_some();
        waiting.then(|| p.take()).flatten()
    });
    if let Some(Pooled { asked, waiting: Some(end), .. }) = ready {
        end.finish(answers(asked));
    }
}

/// Ends run `end` with its layouts: at once when none is asked of the pool or every one is
/// in, otherwise when the last comes in.
pub(crate) fn when_laid_out(end: End) {
    let ready = POOLED.with(|p| {
        let mut p = p.borrow_mut();
        match p.as_mut() {
            Some(pooled) if pooled.id == end.id => {
                if pooled.asked.iter().any(|(_, _, s)| matches!(s, Slot::Pending)) {
                    pooled.waiting = Some(end);
                    return None;
                }
                let asked = p.take().map(|p| p.asked).unwrap_or_default();
                Some((end, asked))
            }
            _ => Some((end, Vec::new())),
        }
    });
    if let Some((end, asked)) = ready {
        end.finish(answers(asked));
    }
}

/// A layout the pool ran.
pub(crate) struct Answer {
    /// The graph's index among the run's graphs.
    pub graph: usize,
    /// The ties it was laid out from (its positions are used only for a graph with these).
    pub ties: LayoutTies,
    pub positions: Vec<(f64, f64)>,
    pub ms: f64,
}

/// The pool's layouts, by graph index.
fn answers(asked: Vec<(usize, LayoutTies, Slot)>) -> Vec<Answer> {
    asked
        .into_iter()
        .filter_map(|(graph, ties, slot)| match slot {
            Slot::Done(positions, ms) => Some(Answer { graph, ties, positions, ms }),
            _ => None,
        })
        .collect()
}
