//! XLSX and ZIP downloads made in a worker: the page builds a [`FileRecipe`] (tables, text)
//! and the file worker ([`crate::file_worker`]) writes the bytes, so the XLSX and ZIP writers
//! are not part of the page's first download. The maker worker starts on the first request
//! and stays for the next; if it fails, the waiting downloads say so and the next request
//! starts a new one.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::browser::download;
use super::state::AppState;
use super::worker_handle::WorkerHandle;
use crate::diag::UserMessage;
use crate::export::FileRecipe;
use crate::protocol::{ToWorker, WorkerMessage};
use crate::worker::{Packed, pack, unpack};

/// Path of Trunk's loader for the file worker, relative to the page (any sub-path works).
const FILE_WORKER_URL: &str = "./file_worker_loader.js";

/// MIME type of XLSX workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Maker {
    worker: WorkerHandle,
    /// The worker has said it is ready; until then requests wait in `queue`.
    ready: bool,
    queue: Vec<Packed>,
    /// Requests sent or queued: id → (file name, MIME type).
    pending: BTreeMap<u64, (String, String)>,
}

thread_local! {
    static MAKER: RefCell<Option<Maker>> = const { RefCell::new(None) };
    static NEXT_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// Makes `recipe` into a file in the maker worker and offers it as `name` when it is ready.
/// `state.making` counts the files in preparation; a failure is shown as an error.
pub fn make_and_download(state: AppState, name: &str, mime: &str, recipe: &FileRecipe) {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let Some(msg) = pack(&ToWorker::Make { id, recipe: Cow::Borrowed(recipe) }, &[]) else { return };
    let started = MAKER.with(|m| {
        let mut m = m.borrow_mut();
        if m.is_none() {
            *m = spawn(state);
        }
        let Some(maker) = m.as_mut() else { return false };
        maker.pending.insert(id, (name.to_string(), mime.to_string()));
        if maker.ready {
            maker.worker.send_packed(msg);
        } else {
            maker.queue.push(msg);
        }
        true
    });
    if started {
        state.making.update(|n| *n += 1);
    } else {
        failed(state, name, "this browser could not start a Web Worker");
    }
}

fn spawn(state: AppState) -> Option<Maker> {
    // The worker is kept for later requests, until it fails.
    let worker = WorkerHandle::spawn(
        FILE_WORKER_URL,
        move |data| on_message(state, &data),
        move || crash(state, "the file worker stopped"),
    )?;
    Some(Maker { worker, ready: false, queue: Vec::new(), pending: BTreeMap::new() })
}

fn on_message(state: AppState, data: &JsValue) {
    let Some((msg, attachments)) = unpack::<WorkerMessage>(data) else { return };
    match msg {
        WorkerMessage::Ready => MAKER.with(|m| {
            if let Some(maker) = m.borrow_mut().as_mut() {
                maker.ready = true;
                for msg in std::mem::take(&mut maker.queue) {
                    maker.worker.send_packed(msg);
                }
            }
        }),
        WorkerMessage::Panic { message } => crash(state, &message),
        WorkerMessage::File { id, error } => {
            let Some((name, mime)) =
                MAKER.with(|m| m.borrow_mut().as_mut().and_then(|m| m.pending.remove(&id)))
            else {
                return;
            };
            state.making.update(|n| *n = n.saturating_sub(1));
            match attachments.first().and_then(|a| a.dyn_ref::<js_sys::Uint8Array>()) {
                Some(bytes) if error.is_none() => download(&name, &mime, &bytes.to_vec()),
                _ => failed(state, &name, &error.unwrap_or_default()),
            }
        }
        _ => {}
    }
}

/// The worker failed: every waiting file fails, and the next request starts a new one.
fn crash(state: AppState, reason: &str) {
    // Dropping the maker terminates its worker.
    let Some(maker) = MAKER.with(|m| m.borrow_mut().take()) else { return };
    for (name, _) in maker.pending.values() {
        state.making.update(|n| *n = n.saturating_sub(1));
        failed(state, name, reason);
    }
}
fn failed(state: AppState, name: &str, reason: &str) {
    state.error.set(Some(UserMessage {
        key: "error.download_failed".into(),
        args: crate::diag::args([("file", name.into())]),
        detail: Some(reason.to_string()),
    }));
}
