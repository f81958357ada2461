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

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::protocol::ToWorker;
use crate::worker::{Packed, pack};

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
