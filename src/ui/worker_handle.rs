//! One handle for each worker the page starts (the analysis worker, the file worker, each
//! live layout's worker): it spawns the worker, sends it typed [`ToWorker`] messages with their
//! attachments (`crate::worker::pack`), hands the worker's messages and its failure to the
//! callbacks it was given, and terminates the worker when dropped. Its listeners are
//! `gloo_events::EventListener`s it owns: removed with it, never forgotten.
//!
//! gloo-worker is not used: its messages go through a serde codec (bincode by default) with
//! no transfer, so the analysis worker's `Blob`s could not travel, and the file worker's
//! bytes and the live layout's ties and frames (up to a million ties, 200,000 positions a
//! frame) would be encoded and decoded on the page's main thread; it also has no error
//! callback (a worker out of memory would leave its requests waiting) and panics when a worker
//! cannot start (see ARCHITECTURE.md, "Workers and gloo").

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::protocol::ToWorker;
use crate::worker::{Packed, pack};

/// The two builds of the analysis worker: the same code, compiled for size or for speed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WorkerBuild {
    /// `worker_quick` (opt-level z, about 0.9 MB gzipped): started with the page by `boot.js`,
    /// so that a first visit's first result waits for fewer bytes.
    #[default]
    Quick,
    /// `worker` (opt-level 3, about 1.2 MB gzipped): network metrics 15–30 % faster; it takes
    /// over between jobs once loaded, and the pool and the live layout use it.
    Fast,
}

impl WorkerBuild {
    /// Trunk's loader script of the build, relative to the page so any sub-path works.
    pub fn url(self) -> &'static str {
        match self {
            WorkerBuild::Quick => "./worker_quick_loader.js",
            WorkerBuild::Fast => "./worker_loader.js",
        }
    }

    /// As shown in the status line's `data-engine` and the diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkerBuild::Quick => "quick",
            WorkerBuild::Fast => "fast",
        }
    }
}

/// A running worker; dropping the handle terminates it.
pub struct WorkerHandle {
    worker: web_sys::Worker,
    _message: EventListener,
    _error: EventListener,
}

impl WorkerHandle {
    /// Starts the worker script at `url` (Trunk's loader of a worker binary, a classic
    /// script). `on_message` gets the data of each message (unpack it with
    /// `crate::worker::unpack`); `on_error` is called when the worker fails to load or crashes
    /// outside Rust (most often: out of memory). `None` when the browser cannot start it.
    pub fn spawn(
        url: &str,
        mut on_message: impl FnMut(JsValue) + 'static,
        mut on_error: impl FnMut() + 'static,
    ) -> Option<WorkerHandle> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Classic);
        let worker = web_sys::Worker::new_with_options(url, &options).ok()?;
        let message = EventListener::new(&worker, "message", move |ev| {
            on_message(ev.unchecked_ref::<web_sys::MessageEvent>().data());
        });
        let error = EventListener::new(&worker, "error", move |ev| {
            ev.prevent_default();
            on_error();
        });
        Some(WorkerHandle { worker, _message: message, _error: error })
    }

    /// Takes over the analysis worker that `boot.js` started while the page's code was still
    /// arriving (`tools/early-worker.js`), if there is one not yet taken. The events it sent
    /// before (its `Ready`, a failure to load) reach the callbacks in order, in a task after
    /// this one: the caller is still setting up, and may hold what the callbacks borrow.
    pub fn adopt_early(
        on_message: impl FnMut(JsValue) + 'static,
        on_error: impl FnMut() + 'static,
    ) -> Option<WorkerHandle> {
        let global = js_sys::global();
        let key = JsValue::from_str("tongxingEarlyWorker");
        let early = js_sys::Reflect::get(&global, &key).ok().filter(|e| e.is_object())?;
        let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
        let worker: web_sys::Worker = js_sys::Reflect::get(&early, &"worker".into()).ok()?.dyn_into().ok()?;
        let take: js_sys::Function = js_sys::Reflect::get(&early, &"take".into()).ok()?.dyn_into().ok()?;
        // Until the earlier events are handed on, later ones wait behind them.
        let queue: Rc<RefCell<Option<Vec<web_sys::Event>>>> = Rc::new(RefCell::new(None));
        let handlers = Rc::new(RefCell::new((on_message, on_error)));
        let deliver = {
            let handlers = handlers.clone();
            move |ev: &web_sys::Event| {
                let (on_message, on_error) = &mut *handlers.borrow_mut();
                match ev.dyn_ref::<web_sys::MessageEvent>() {
                    Some(m) => on_message(m.data()),
                    None => on_error(),
                }
            }
        };
        let listener = |kind: &'static str| {
            let (queue, deliver) = (queue.clone(), deliver.clone());
            EventListener::new(&worker, kind, move |ev| {
                if kind == "error" {
                    ev.prevent_default();
                }
                match queue.borrow_mut().as_mut() {
                    Some(waiting) => waiting.push(ev.clone()),
                    None => deliver(ev),
                }
            })
        };
        let (message, error) = (listener("message"), listener("error"));
        let earlier: Vec<web_sys::Event> = take
            .call0(&early)
            .ok()
            .map(|a| js_sys::Array::from(&a).iter().filter_map(|e| e.dyn_into().ok()).collect())
            .unwrap_or_default();
        *queue.borrow_mut() = Some(earlier);
        wasm_bindgen_futures::spawn_local(async move {
            super::browser::next_task().await;
            // Delivered one by one: a callback may see the next event arrive (it is queued).
            loop {
                let next = queue.borrow_mut().as_mut().and_then(|q| (!q.is_empty()).then(|| q.remove(0)));
                match next {
                    Some(ev) => deliver(&ev),
                    None => break,
                }
            }
            *queue.borrow_mut() = None;
        });
        Some(WorkerHandle { worker, _message: message, _error: error })
    }

    /// Sends a message with the attachments its variant names; false if it could not be sent.
    pub fn send(&self, msg: &ToWorker, attachments: &[&JsValue]) -> bool {
        pack(msg, attachments).is_some_and(|p| self.send_packed(p))
    }

    /// Sends a message packed earlier (one that waited for the worker to be ready).
    pub fn send_packed(&self, packed: Packed) -> bool {
        self.worker.post_message_with_transfer(&packed.data, &packed.transfer).is_ok()
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
