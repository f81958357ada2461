//! The analysis Web Worker: receives files, runs [`crate::pipeline::run_observed`] and posts
//! progress, early capacity results and the final result as JSON [`WorkerMessage`]s, so the
//! page never blocks while a large survey is analysed. Cancelling is terminating the worker.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::diag::Localize;
use crate::pipeline::{self, InputFile, Options, Progress};
use crate::protocol::{Job, WorkerMessage};
use crate::report::Report;

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &WorkerMessage) {
    if let Ok(text) = serde_json::to_string(msg) {
        let _ = scope().post_message(&JsValue::from_str(&text));
    }
}

/// Installs the panic hook and the message handler, then tells the page it is ready.
pub fn start() {
    std::panic::set_hook(Box::new(|info| post(&WorkerMessage::Panic { message: info.to_string() })));
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| handle(ev.data()));
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post(&WorkerMessage::Ready);
}

/// Reads `{ job: "<json>", files: [[name, Uint8Array], …] }`.
fn read_message(data: &JsValue) -> Option<(Job, Vec<InputFile>)> {
    let job_text = js_sys::Reflect::get(data, &"job".into()).ok()?.as_string()?;
    let job: Job = serde_json::from_str(&job_text).ok()?;
    let list: js_sys::Array = js_sys::Reflect::get(data, &"files".into()).ok()?.dyn_into().ok()?;
    let files = list
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let pair: js_sys::Array = entry.dyn_into().ok()?;
            let name = pair.get(0).as_string()?;
            let bytes = js_sys::Uint8Array::new(&pair.get(1)).to_vec();
            Some(InputFile { name, bytes, kind: job.kinds.get(i).copied().flatten() })
        })
        .collect();
    Some((job, files))
}

fn handle(data: JsValue) {
    let Some((job, files)) = read_message(&data) else {
        post(&WorkerMessage::Failed {
            id: 0,
            en: "internal error: the worker received a malformed job".into(),
            zh: "内部错误：分析线程收到格式错误的任务".into(),
        });
        return;
    };
    let id = job.id;
    let options: Options = job.options();
    let mut observer = |p: Progress| match p {
        Progress::Step { key, detail, percent } => {
            post(&WorkerMessage::Progress { id, step: key.to_string(), detail, percent })
        }
        Progress::Capacity(input, capacity) => {
            post(&WorkerMessage::Partial { id, report: Box::new(Report::partial(input, capacity)) })
        }
    };
    match pipeline::run_observed(&files, &options, &js_sys::Date::now, &mut observer) {
        Ok(analysis) => post(&WorkerMessage::done(id, analysis)),
        Err(e) => {
            let m = e.user_message();
            post(&WorkerMessage::Failed { id, en: m.en, zh: m.zh });
        }
    }
}
