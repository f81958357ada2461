//! XLSX and ZIP downloads made in a worker: the page builds a [`FileRecipe`] (tables, text)
//! and the file worker ([`crate::file_worker`]) writes the bytes, so the XLSX and ZIP writers
//! are not part of the page's first download. The maker worker starts on the first request
//! and stays for the next; if it fails, the waiting downloads say so and the next request
//! starts a new one.

use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Path of Trunk's loader for the file worker, relative to the page (any sub-path works).
const FILE_WORKER_URL: &str = "./file_worker_loader.js";
use super::browser::download;
use super::state::AppState;
use crate::diag::UserMessage;
use crate::export::FileRecipe;
use crate::protocol::WorkerMessage;

/// MIME type of XLSX workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Maker {
    worker: web_sys::Worker,
    /// The worker has said it is ready; until then requests wait in `queue`.
    ready: bool,
    queue: Vec<js_sys::Object>,
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
    let Ok(json) = serde_json::to_vec(recipe) else { return };
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let array = js_sys::Uint8Array::from(json.as_slice());
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"make".into(), &(id as f64).into());
    let _ = js_sys::Reflect::set(&msg, &"recipe".into(), &array);
    let started = MAKER.with(|m| {
        let mut m = m.borrow_mut();
        if m.is_none() {
            *m = spawn(state);
        }
        let Some(maker) = m.as_mut() else { return false };
        maker.pending.insert(id, (name.to_string(), mime.to_string()));
        if maker.ready {
            send(&maker.worker, &msg);
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

fn send(worker: &web_sys::Worker, msg: &js_sys::Object) {
    let recipe = js_sys::Reflect::get(msg, &"recipe".into()).unwrap_or(JsValue::UNDEFINED);
    let transfer = recipe.dyn_into::<js_sys::Uint8Array>().map(|a| js_sys::Array::of1(&a.buffer()));
    let _ = match transfer {
        Ok(t) => worker.post_message_with_transfer(msg, &t),
        Err(_) => worker.post_message(msg),
    };
}

fn spawn(state: AppState) -> Option<Maker> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Classic);
    let worker = web_sys::Worker::new_with_options(FILE_WORKER_URL, &options).ok()?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        on_message(state, &ev.data());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Both handlers live as long as the page (the maker worker is kept for later requests).
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
        ev.prevent_default();
        crash(state, "the file worker stopped");
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Some(Maker { worker, ready: false, queue: Vec::new(), pending: BTreeMap::new() })
}

fn on_message(state: AppState, data: &JsValue) {
    // JSON messages (ready, panic) come as bytes; files as objects.
    if let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() {
        match serde_json::from_slice::<WorkerMessage>(&bytes.to_vec()) {
            Ok(WorkerMessage::Ready) => MAKER.with(|m| {
                if let Some(maker) = m.borrow_mut().as_mut() {
                    maker.ready = true;
                    for msg in std::mem::take(&mut maker.queue) {
                        send(&maker.worker, &msg);
                    }
                }
            }),
            Ok(WorkerMessage::Panic { message }) => crash(state, &message),
            _ => {}
        }
        return;
    }
    let get = |k: &str| js_sys::Reflect::get(data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let Some(id) = get("id").as_f64() else { return };
    let Some((name, mime)) =
        MAKER.with(|m| m.borrow_mut().as_mut().and_then(|m| m.pending.remove(&(id as u64))))
    else {
        return;
    };
    state.making.update(|n| *n = n.saturating_sub(1));
    match get("bytes").dyn_into::<js_sys::Uint8Array>() {
        Ok(bytes) => download(&name, &mime, &bytes.to_vec()),
        Err(_) => failed(state, &name, &get("error").as_string().unwrap_or_default()),
    }
}

/// The worker failed: every waiting file fails, and the next request starts a new worker.
fn crash(state: AppState, reason: &str) {
    let Some(maker) = MAKER.with(|m| m.borrow_mut().take()) else { return };
    maker.worker.terminate();
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
