//! The page's side of the live layout: each network explorer that lays out a graph live gets
//! its own worker (the analysis worker's script, see [`crate::protocol`]), which runs
//! ForceAtlas2 in slices and sends positions after each. The page draws a frame, then asks
//! for the next slice unless the layout is paused, so frames never pile up; pausing keeps
//! the worker and its state, resuming continues where it stopped. The worker ends when the
//! layout is complete or the explorer goes away.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::bridge::WORKER_URL;
use crate::network::graph::Graph;
use crate::protocol::WorkerMessage;

/// Shortest time between frames, in milliseconds (about 30 frames a second).
const FRAME_MS: i32 = 33;

/// One frame of a live layout.
pub struct Frame {
    /// Positions in the unit square, one per node.
    pub positions: Vec<(f64, f64)>,
    /// Steps taken so far and steps of a full layout.
    pub done: usize,
    pub total: usize,
}

/// Why the live layout stopped without finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No worker could be started (no worker support, or the page opened as a file).
    NoWorker,
    /// The worker failed (e.g. out of memory).
    Crashed,
}

/// Flow control shared by the message handler and [`pause`]/[`resume`].
#[derive(Default)]
struct Control {
    paused: Cell<bool>,
    /// A slice has been asked for and its frame has not arrived yet.
    in_flight: Cell<bool>,
}

struct Live {
    worker: web_sys::Worker,
    control: Rc<Control>,
}

thread_local! {
    static LIVES: RefCell<HashMap<u64, Live>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

fn object(pairs: &[(&str, &JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o
}

/// Starts laying out `graph` live and returns the handle for [`pause`], [`resume`] and
/// [`stop`]. `on_frame` gets each frame; `on_fail` is called if the worker cannot run.
pub fn start(
    graph: &Graph,
    seed: u64,
    on_frame: impl Fn(Frame) + 'static,
    on_fail: impl Fn(Failure) + 'static,
) -> Option<u64> {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Classic);
    let Ok(worker) = web_sys::Worker::new_with_options(WORKER_URL, &options) else {
        on_fail(Failure::NoWorker);
        return None;
    };
    let n = graph.node_count();
    let mut ends: Vec<u32> = Vec::with_capacity(2 * graph.edge_count());
    let mut weights: Vec<f64> = Vec::with_capacity(graph.edge_count());
    for v in 0..n {
        for (w, x) in graph.out(v).iter().zip(graph.out_weights(v)) {
            ends.extend([v as u32, *w]);
            weights.push(*x);
        }
    }
    let edges = js_sys::Uint32Array::from(ends.as_slice());
    let start_msg = object(&[
        ("layout", &"start".into()),
        ("id", &(id as f64).into()),
        ("n", &(n as f64).into()),
        ("seed", &(seed as f64).into()),
        ("edges", &edges),
    ]);
    if weights.iter().any(|w| *w != 1.0) {
        let _ = js_sys::Reflect::set(
            &start_msg,
            &"weights".into(),
            &js_sys::Float64Array::from(weights.as_slice()),
        );
    }
    let control = Rc::new(Control::default());
    let step_msg = object(&[("layout", &"step".into()), ("id", &(id as f64).into())]);
    let on_fail = Rc::new(on_fail);
    let on_fail_error = on_fail.clone();
    let pending_start = RefCell::new(Some(start_msg));
    let worker_for_messages = worker.clone();
    let control_for_messages = control.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let data = ev.data();
        // The worker says it is ready (a JSON message in bytes) before it can take the graph.
        if let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() {
            let msg = serde_json::from_slice::<WorkerMessage>(&bytes.to_vec()).ok();
            if msg == Some(WorkerMessage::Ready) {
                if let Some(msg) = pending_start.borrow_mut().take() {
                    let transfer = js_sys::Array::of1(&edges.buffer());
                    if worker_for_messages.post_message_with_transfer(&msg, &transfer).is_ok() {
                        control_for_messages.in_flight.set(true);
                    } else {
                        on_fail(Failure::Crashed);
                    }
                }
            } else if matches!(msg, Some(WorkerMessage::Panic { .. })) {
                on_fail(Failure::Crashed);
                stop(id);
            }
            return;
        }
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        if get("id").as_f64() != Some(id as f64) {
            return;
        }
        let Ok(pos) = get("pos").dyn_into::<js_sys::Float32Array>() else { return };
        let flat = pos.to_vec();
        let done = get("done").as_f64().unwrap_or(0.0) as usize;
        let total = get("total").as_f64().unwrap_or(0.0) as usize;
        let positions = flat.chunks_exact(2).map(|p| (p[0] as f64, p[1] as f64)).collect();
        control_for_messages.in_flight.set(false);
        on_frame(Frame { positions, done, total });
        if done >= total {
            stop(id);
        } else if !control_for_messages.paused.get() {
            // Pace small graphs' frames (a few steps take microseconds) so the picture can be
            // seen forming; large graphs' slices are far longer than the pause.
            control_for_messages.in_flight.set(true);
            let (worker, step, control) =
                (worker_for_messages.clone(), step_msg.clone(), control_for_messages.clone());
            let ask = Closure::once_into_js(move || {
                // Paused meanwhile: nothing is asked for, and resuming asks.
                if control.paused.get() || worker.post_message(&step).is_err() {
                    control.in_flight.set(false);
                }
            });
            let _ = web_sys::window().map(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(ask.unchecked_ref(), FRAME_MS)
            });
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The closure lives as long as the worker; `stop` drops the worker.
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
        ev.prevent_default();
        on_fail_error(Failure::Crashed);
        stop(id);
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    LIVES.with(|l| l.borrow_mut().insert(id, Live { worker, control }));
    Some(id)
}

/// Pauses a live layout after the slice in progress; the worker keeps its state.
pub fn pause(id: u64) {
    LIVES.with(|l| {
        if let Some(live) = l.borrow().get(&id) {
            live.control.paused.set(true);
        }
    });
}

/// Resumes a paused live layout (asking for the next slice unless one is still coming).
pub fn resume(id: u64) {
    LIVES.with(|l| {
        let l = l.borrow();
        let Some(live) = l.get(&id) else { return };
        live.control.paused.set(false);
        if !live.control.in_flight.get() {
            let msg = object(&[("layout", &"step".into()), ("id", &(id as f64).into())]);
            if live.worker.post_message(&msg).is_ok() {
                live.control.in_flight.set(true);
            }
        }
    });
}

/// Ends a live layout and its worker (when complete or when its explorer goes away).
pub fn stop(id: u64) {
    if let Some(live) = LIVES.with(|l| l.borrow_mut().remove(&id)) {
        live.worker.terminate();
    }
}
